import Foundation
import TestSupport
import Testing

/// `kagami check`: replaying sessions against their recorded outputs, as CI and teachers do.
@Suite("kagami check")
struct SessionCommandTests {
    static let sessionsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sessions").resolvingSymlinksInPath().path

    @Test("every session shipped under sessions/ checks clean (the exercises, unanswered, in ExerciseTests)")
    func shippedSessions() throws {
        let walker = try #require(FileManager.default.enumerator(atPath: Self.sessionsFolder))
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".kagami"), !relative.hasPrefix("exercises/") else { continue }
            files.append(Self.sessionsFolder + "/" + relative)
        }
        #expect(!files.isEmpty)
        let result = try BuiltProgram.run(["check"] + files.sorted())
        #expect(result.status == 0, "\(result.output)\n\(result.error)")
        #expect(result.output.contains("all match"))
    }

    @Test("a differing output exits 3 with file:line and a diff; --accept records the new output")
    func mismatchAndAccept() throws {
        let path = try BuiltProgram.temporaryFolder() + "/drift.kagami"
        try "# drift\nactors | count\n#| count\n#| ─────\n#| 5\n#| 1 row\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let drift = try BuiltProgram.run(["check", path])
        #expect(drift.status == 3)
        #expect(drift.output.contains("\(path):2: output differs: actors | count"))
        #expect(drift.output.contains("- 5\n+ 4"))
        let accepted = try BuiltProgram.run(["check", "--accept", path])
        #expect(accepted.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("#| 4\n"))
        #expect(try BuiltProgram.run(["check", path]).status == 0)
    }

    @Test("a session recorded on other data is checked, with a warning")
    func otherData() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let generated = try BuiltProgram.run(["generate", "--incidents", "20", "--out", folder + "/small.jsonl"])
        #expect(generated.status == 0)
        let session = folder + "/recorded.kagami"
        try "# data: mirrorface 5eed\nactors | count\n#| count\n#| ─────\n#| 4\n#| 1 row\n".write(
            toFile: session, atomically: true, encoding: .utf8)
        let result = try BuiltProgram.run(["check", "--data", folder + "/small.jsonl", session])
        #expect(result.error.contains("was recorded on other data"))
        #expect(result.status == 0)  // a warning: the same four actors are in the generated set
        let strict = try BuiltProgram.run(["check", "--strict", "--data", folder + "/small.jsonl", session])
        #expect(strict.status == 1 && strict.error.contains("error: "))
    }

    @Test("a replayed file cannot save outside the sessions folder unless --allow-writes is given")
    func confinedWrites() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let script = folder + "/escape.kagami"
        try "actors | count\n:save ../../escaped\n".write(toFile: script, atomically: true, encoding: .utf8)
        let result = try BuiltProgram.run(["run", "--sessions-dir", folder + "/sessions", script])
        #expect(result.status == 1)
        #expect(result.error.contains("does not name a file inside"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/../escaped.kagami"))
        let allowed = try BuiltProgram.run([
            "run", "--allow-writes", "--sessions-dir", folder + "/sessions/deep", script,
        ])
        #expect(allowed.status == 0)
        #expect(FileManager.default.fileExists(atPath: folder + "/escaped.kagami"))
    }

    @Test("the MirrorFace ACH, replayed on generated data, flags the ratings whose evidence changed as stale")
    func staleRatings() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let data = folder + "/other.jsonl"
        #expect(try BuiltProgram.run(["generate", "--incidents", "80", "--seed", "3", "--out", data]).status == 0)
        let session = Self.sessionsFolder + "/ach-mirrorface.kagami"
        #expect(try BuiltProgram.run(["check", session]).status == 0)
        let replayed = try BuiltProgram.run(["check", "--data", data, session])
        #expect(replayed.status == 3)
        let stale = replayed.output.split(separator: "\n").filter { $0.hasPrefix("+ stale: ") }
        // Only the timing evidence rests on the generated incidents; the reported facts stand.
        #expect(stale.count == 3 && stale.allSatisfy { $0.hasPrefix("+ stale: E2 gives another result") }, "\(replayed.output)")
        #expect(replayed.output.contains("+ stale (marked !): E2 × H1, E2 × H2, E2 × H3"))
    }

    @Test("--accept records nothing while a statement fails, and records the data it was checked on")
    func acceptRefusesFailures() throws {
        let path = try BuiltProgram.temporaryFolder() + "/failing.kagami"
        let text = "# data: mirrorface 0000\nactors | count\nincidents | wher x\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let refused = try BuiltProgram.run(["check", "--accept", path])
        #expect(refused.status == 1)
        #expect(refused.error.contains("\(path):3: statement failed: incidents | wher x"))
        #expect(refused.error.contains("did you mean `where`?"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
        let checked = try BuiltProgram.run(["check", path])
        #expect(checked.status == 3 && checked.output.contains("\(path):3: statement failed: incidents | wher x"))
        #expect(checked.output.contains("\n+ error: unknown stage `wher`"), "a difference shows its + lines")
        // A transcript of what an error looks like is recorded on purpose, and then checks clean.
        #expect(try BuiltProgram.run(["check", "--accept", "--allow-errors", path]).status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("#| error: unknown stage `wher`"))
        #expect(try BuiltProgram.run(["check", path]).status == 0)
        try "# data: mirrorface 0000\nactors | count\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try BuiltProgram.run(["check", "--accept", path]).status == 0)
        let accepted = try String(contentsOfFile: path, encoding: .utf8)
        #expect(accepted.hasPrefix("# data: mirrorface ") && !accepted.hasPrefix("# data: mirrorface 0000"))
        #expect(!(try BuiltProgram.run(["check", path]).error.contains("recorded on other data")))
    }
}
