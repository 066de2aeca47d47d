import Foundation
import TestSupport
import Testing

/// Replayed and checked files are confined: they read only inside the working folders, write
/// only inside their folders (symbolic links resolved), and checking writes nothing but the
/// file accepted, keeping its permissions.
@Suite("Hostile session files")
struct HostileFileTests {
    /// A folder with a secret outside it, and a homework file that tries to read it.
    private func homework(_ statements: String) throws -> (folder: String, file: String, secret: String) {
        let folder = try BuiltProgram.temporaryFolder()
        let secret = try BuiltProgram.temporaryFolder() + "/credentials.csv"
        try "key,value\naws,AKIA-SECRET-1234\n".write(toFile: secret, atomically: true, encoding: .utf8)
        let file = folder + "/homework.kagami"
        try statements.replacingOccurrences(of: "SECRET", with: secret).replacingOccurrences(of: "FOLDER", with: folder)
            .write(toFile: file, atomically: true, encoding: .utf8)
        return (folder, file, secret)
    }

    @Test("check --accept of a file that imports a file outside the working folders records no secret")
    func confinedReads() throws {
        let (folder, file, _) = try homework(":import SECRET as c\nc\n")
        let before = try String(contentsOfFile: file, encoding: .utf8)
        let accepted = try BuiltProgram.run(["check", "--accept", "--sessions-dir", folder + "/s", file])
        // The import fails, so nothing is recorded: neither the secret nor the error as an output.
        #expect(accepted.status == 1)
        #expect(accepted.error.contains("a replayed file may not read") && accepted.error.contains("--allow-reads"))
        #expect(!accepted.output.contains("AKIA") && !accepted.error.contains("AKIA"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
        // A link inside the folder to the file outside is no way round.
        let (linked, linkedFile, secret) = try homework(":import FOLDER/link.csv as c\nc\n")
        try FileManager.default.createSymbolicLink(atPath: linked + "/link.csv", withDestinationPath: secret)
        let run = try BuiltProgram.run(["run", linkedFile])
        #expect(run.status == 1 && !run.output.contains("AKIA") && run.error.contains("a replayed file may not read"))
        // The analyst who trusts the file says so.
        let trusted = try BuiltProgram.run(["run", "--allow-reads", linkedFile])
        #expect(trusted.status == 0 && trusted.output.contains("AKIA-SECRET-1234"))
        // What the analyst types reads anywhere.
        let typed = try BuiltProgram.run(["-c", ":import \(secret) as c", "-c", "c | count"])
        #expect(typed.status == 0)
    }

    @Test("a :save or export through a symbolic link to a folder outside is refused and writes nothing there")
    func symlinkedFolders() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let outside = try BuiltProgram.temporaryFolder()
        for inner in ["sessions", "exports"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + inner, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: folder + "/\(inner)/cfg", withDestinationPath: outside)
        }
        let script = folder + "/escape.kagami"
        try "actors | count\n:save cfg/plugin\nactors | export csv \"cfg/x\"\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        let result = try BuiltProgram.run([
            "run", "--keep-going", "--sessions-dir", folder + "/sessions", "--exports-dir", folder + "/exports", script,
        ])
        #expect(result.status == 1)
        #expect(result.error.contains("leads outside") && result.error.contains("through a symbolic link"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside).isEmpty)
    }

    @Test("a link planted where a session is saved is refused, not written through")
    func plantedLink() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let victim = try BuiltProgram.temporaryFolder() + "/victim.txt"
        try "keep me\n".write(toFile: victim, atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: folder + "/sessions", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder + "/sessions/x.kagami", withDestinationPath: victim)
        let result = try BuiltProgram.run(["--sessions-dir", folder + "/sessions", "-c", "actors | count", "-c", ":save x"])
        #expect(result.status == 1 && result.error.contains("through a symbolic link"))
        #expect(try String(contentsOfFile: victim, encoding: .utf8) == "keep me\n")
    }

    @Test("checking writes nothing but the accepted file, keeps its mode, and leaves a read-only file alone")
    func checkingHasNoSideEffects() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let file = folder + "/saves.kagami"
        try "actors | count\n:save tutorial/first-steps\nactors | export csv \"mine\"\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        chmod(file, 0o600)
        let arguments = ["--sessions-dir", folder + "/sessions", "--exports-dir", folder + "/exports", file]
        let accepted = try BuiltProgram.run(["check", "--accept"] + arguments)
        #expect(accepted.status == 0, "\(accepted.error)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/sessions/tutorial/first-steps.kagami"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/exports/mine.csv"))
        let mode = try #require(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int)
        #expect(mode == 0o600)
        chmod(file, 0o400)
        let before = try String(contentsOfFile: file, encoding: .utf8)
        try "actors | count\n".write(toFile: folder + "/other.kagami", atomically: true, encoding: .utf8)
        let readOnly = try BuiltProgram.run(["check", "--accept", file])
        #expect(readOnly.status == 1 && readOnly.error.contains("read-only"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == before)
    }

    @Test("a session that loads itself stops with an error, and a field given twice is refused")
    func loops() throws {
        let folder = try BuiltProgram.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/sessions", withIntermediateDirectories: true)
        try "actors | count\n:load self\n".write(
            toFile: folder + "/sessions/self.kagami", atomically: true, encoding: .utf8)
        let result = try BuiltProgram.run(["--sessions-dir", folder + "/sessions", "-c", ":load self"])
        #expect(result.status == 0 && result.output.contains("1 failed"))
        let csv = folder + "/rows.csv"
        try "id,sent\ninc-new,2023-01-01T00:00:00Z\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let twice = try BuiltProgram.run(["-c", ":import \(csv) as incident id=id ts=sent ts=sent"])
        #expect(twice.status == 1 && twice.error.contains("`ts` is given twice"))
    }
}
