import Foundation
import IncidentGraph
import TestSupport
import Testing
import Workbench

@Suite("Sessions: save, format, check")
struct SessionTests {
    let workspace: Workspace
    let folder: String

    init() throws {
        workspace = Workspace(document: try BundledData.mirrorFace())
        folder = try BuiltProgram.temporaryFolder() + "/sessions"
        workspace.sessions = SessionStore(folder: folder)
    }

    @Test(":save writes the successful statements with their outputs; the file checks clean and round-trips")
    func saveAndCheck() throws {
        workspace.settings.width = 40  // the terminal's width does not leak into the file
        for statement in [
            "incidents | count by vector", "incidents | wher x", "let p3 = incidents | where ts >= 2024-06-01",
            ":mode csv", "p3 | count by vector",
        ] {
            _ = workspace.execute(statement)
        }
        #expect(workspace.execute(":save work/first").output == "saved 4 statements to \(folder)/work/first.kagami")
        let text = try String(contentsOfFile: folder + "/work/first.kagami", encoding: .utf8)
        let session = SessionFile(parsing: text)
        #expect(session.headerValue("kagami") != nil)
        #expect(session.headerValue("data") == "mirrorface \(workspace.dataFingerprint)")
        #expect(session.entries.map(\.statement).first == "incidents | count by vector")
        #expect(session.entries.first?.recorded.first == "vector                     count")
        #expect(!text.contains("wher x"))
        #expect(session.text == text)
        let check = SessionCheck(session, in: workspace.replayWorkspace())
        #expect(check.mismatches.isEmpty && check.statements == 4)
        #expect(workspace.execute(":sessions").output.contains("work/first  4"))
    }

    @Test("--all keeps failed statements as comments; nothing to save is an error")
    func failures() throws {
        let empty = Workspace(document: workspace.document)
        empty.sessions = workspace.sessions
        #expect(empty.execute(":save x").error?.contains("nothing to save") == true)
        _ = workspace.execute("actors | count")
        _ = workspace.execute("actrs")
        _ = workspace.execute(":save all --all")
        let text = try String(contentsOfFile: folder + "/all.kagami", encoding: .utf8)
        #expect(text.contains("# failed (left out): actrs"))
    }

    @Test(
        "names that leave the sessions folder are refused, and nothing is written",
        arguments: ["../escape", "/tmp/abs", "a/../../b", "", "sp ace"])
    func escapes(name: String) {
        _ = workspace.execute("actors | count")
        let outcome = workspace.execute(":save \(name)")
        #expect(!outcome.succeeded)
        #expect(!FileManager.default.fileExists(atPath: folder + "/../escape.kagami"))
    }

    @Test("a failed write leaves the existing file whole")
    func atomic() throws {
        _ = workspace.execute("actors | count")
        #expect(workspace.execute(":save keep").succeeded)
        let before = try String(contentsOfFile: folder + "/keep.kagami", encoding: .utf8)
        // A folder where the temporary file would go makes the write fail midway.
        try FileManager.default.createDirectory(atPath: folder + "/blocked.kagami", withIntermediateDirectories: true)
        #expect(workspace.execute(":save blocked").error?.contains("could not write") == true)
        #expect(try String(contentsOfFile: folder + "/keep.kagami", encoding: .utf8) == before)
    }

    @Test("check reports a differing output as a line diff and accepts the new one")
    func mismatch() throws {
        let session = SessionFile(
            parsing: "# test\nactors | count\n#| count\n#| ─────\n#| 5\n#| 1 row\nactrs\nactors | take 1 | select id\n")
        let check = SessionCheck(session, in: Workspace(document: workspace.document))
        #expect(check.mismatches.map(\.line) == [2, 7, 8])  // line 8 recorded nothing
        #expect(check.mismatches[0].diff == ["  count", "  ─────", "- 5", "+ 4", "  1 row"])
        #expect(check.mismatches[1].diff.first?.hasPrefix("+ error: unknown source `actrs`") == true)
        #expect(check.accepted.entries[0].recorded == ["count", "─────", "4", "1 row"])
        #expect(check.accepted.text.hasPrefix("# test\nactors | count\n#| count\n"))
    }

    @Test("a hand-written script without outputs only has to run; multi-line statements stay whole")
    func plainScript() {
        let session = SessionFile(
            parsing: "# plain\nincidents |\n  where vector == \"vpn-device\" |\n  count\n\n# the end\n")
        #expect(!session.recordsOutputs)
        #expect(session.entries.count == 1 && session.entries[0].line == 2)
        #expect(session.text == "# plain\nincidents |\n  where vector == \"vpn-device\" |\n  count\n\n# the end\n")
        #expect(SessionCheck(session, in: Workspace(document: workspace.document)).mismatches.isEmpty)
    }

    @Test(":history numbers the statements; :history save A-B keeps a range; :load runs a saved session")
    func historyAndLoad() throws {
        for statement in [
            "actors | count", "actrs", "let vpn = incidents | where vector == \"vpn-device\"", "vpn | count",
        ] {
            _ = workspace.execute(statement)
        }
        let history = workspace.execute(":history").output
        #expect(history.hasPrefix("1     actors | count\n2   ✗ actrs\n3     let vpn"))
        #expect(
            workspace.execute(":history save 3-4 vpn").output.hasSuffix("saved 2 statements to \(folder)/vpn.kagami"))
        #expect(workspace.execute(":history save 4-4 alone").error?.contains("unknown source `vpn`") == true)
        #expect(workspace.execute(":history save 2-9 x").error?.contains("is not a range of statements 1-") == true)
        let fresh = Workspace(document: workspace.document)
        fresh.sessions = workspace.sessions
        #expect(fresh.execute(":load vpn").output == "ran 2 statements of \(folder)/vpn.kagami")
        #expect(fresh.execute("vpn | count").output.hasPrefix("count\n─────\n18"))
        #expect(fresh.execute(":load ../x").error?.contains("does not name a file inside") == true)
    }
}
