import Foundation
import Synchronization
import TestSupport
import Testing

/// `kagami` run from scripts and pipes: output, errors and exit codes.
@Suite("The command line")
struct CommandLineTests {
    /// In a process of its own: the budget is measured on the whole process, which in the test
    /// runner other tests grow and shrink at the same time.
    @Test("a statement past the memory budget stops with an error that says so, and the next one runs")
    func memoryBudget() throws {
        let result = try BuiltProgram.run(
            [], input: ":set memory 16\nmatch (a), (b) | select a, b | count\nactors | count\n:set memory lots\n")
        #expect(result.status == 1)
        #expect(result.error.contains("took more than 16 MiB of memory"), "\(result.error)")
        #expect(result.output.contains("count\n─────\n4"))
        #expect(result.error.contains("lots"))
    }

    @Test(
        "--data FILE.jsonl makes a snapshot in the cache; two Kagamis at once leave one good one; kagami snapshot makes a .kgs"
    )
    func snapshots() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let source = folder + "/g.jsonl"
        #expect(try BuiltProgram.run(["generate", "--incidents", "3000", "--seed", "11", "--out", source]).status == 0)
        let environment = ["XDG_CACHE_HOME": folder + "/cache"]
        let statement = "incidents | count by vector"
        let results = Mutex<[(Int32, String, String)]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            let result = try? BuiltProgram.run(["--data", source, "-c", statement], environment: environment)
            results.withLock { $0.append(result ?? (-1, "", "")) }
        }
        let both = results.withLock { $0 }
        #expect(both.count == 2 && both.allSatisfy { $0.0 == 0 } && both[0].1 == both[1].1)
        let cached = try FileManager.default.contentsOfDirectory(atPath: folder + "/cache/kagami")
        #expect(cached.count == 1 && cached[0].hasSuffix(".kgs"), "\(cached)")
        let again = try BuiltProgram.run(["--data", source, "-c", statement], environment: environment)
        #expect(again.status == 0 && again.output == both[0].1 && !again.error.contains("note:"))
        // A cache that cannot be written is said as the process ends; the answers are the same.
        let unwritable = try BuiltProgram.run(
            ["--data", source, "-c", statement], environment: ["XDG_CACHE_HOME": source])
        #expect(unwritable.status == 0 && unwritable.output == both[0].1, "\(unwritable.error)")
        #expect(unwritable.error.contains("note: could not cache a snapshot of \(source)"), "\(unwritable.error)")
        #expect(try BuiltProgram.run(["snapshot", source, folder + "/g.kgs"]).status == 0)
        let opened = try BuiltProgram.run(["--data", folder + "/g.kgs", "-c", statement])
        #expect(opened.output == both[0].1)
        let uncached = try BuiltProgram.run(
            ["--no-cache", "--data", source, "-c", statement], environment: ["XDG_CACHE_HOME": folder + "/none"])
        #expect(uncached.output == both[0].1 && !FileManager.default.fileExists(atPath: folder + "/none"))
        try Data("KGSNAP01 and then nothing".utf8).write(to: URL(fileURLWithPath: folder + "/bad.kgs"))
        let refused = try BuiltProgram.run(["--data", folder + "/bad.kgs", "-c", statement])
        #expect(
            refused.status == 1 && refused.error.contains("bad.kgs is written by snapshot layout")
                && refused.error.contains("kagami snapshot"))
        let missing = try BuiltProgram.run(["snapshot", folder + "/none.jsonl", folder + "/none.kgs"])
        #expect(missing.status == 1 && missing.error.hasPrefix("error[graph.io]: data file"), "\(missing.error)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/none.kgs"))
    }

    @Test(":import of a graph file at the prompt goes through the snapshot cache as --data does; --no-cache makes none")
    func importCached() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let source = folder + "/g.jsonl"
        #expect(try BuiltProgram.run(["generate", "--incidents", "2000", "--seed", "5", "--out", source]).status == 0)
        let environment = ["XDG_CACHE_HOME": folder + "/cache"]
        let arguments = ["--no-plugins", "-c", ":import \(source)", "-c", "incidents | count by vector"]
        let first = try BuiltProgram.run(arguments, environment: environment)
        #expect(first.status == 0 && first.error.contains("now using"), "\(first.error)")
        let cached = try FileManager.default.contentsOfDirectory(atPath: folder + "/cache/kagami")
        #expect(cached.count == 1 && cached[0].hasSuffix(".kgs"), "\(cached)")
        let snapshot = folder + "/cache/kagami/" + (cached.first ?? "")
        let written = try FileManager.default.attributesOfItem(atPath: snapshot)[.modificationDate] as? Date
        // A snapshot read is touched (the last to be pruned): the second import read it.
        let again = try BuiltProgram.run(arguments, environment: environment)
        let read = try FileManager.default.attributesOfItem(atPath: snapshot)[.modificationDate] as? Date
        #expect(again.output == first.output && !again.error.contains("note:"), "\(again.error)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/cache/kagami") == cached)
        #expect(written != nil && read != nil && read! > written!)
        let uncached = try BuiltProgram.run(
            ["--no-cache"] + arguments, environment: ["XDG_CACHE_HOME": folder + "/none"])
        #expect(uncached.output == first.output && !FileManager.default.fileExists(atPath: folder + "/none"))
    }

    @Test("a file's rows rest on the file, whatever its provenance column says; a select cannot relabel edges")
    func provenanceColumnIsNotTrusted() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let file = folder + "/claims.csv"
        try "sender,provenance\na@x,reported\nb@y,reported\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = try BuiltProgram.run([
            "--no-plugins", "-c", ":import \(file) as claims", "-c", "claims",
            "-c", #"edges | where provenance == "synthetic" | select from, provenance = "reported" | take 2"#,
        ])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("2 rows from 2 rows of claims.csv: 2 imported"), "\(result.output)")
        #expect(result.output.contains("2 rows from 2 edges: 2 synthetic"), "\(result.output)")
        let one = folder + "/one.csv"
        try "sender\na@x\n".write(toFile: one, atomically: true, encoding: .utf8)
        let single = try BuiltProgram.run(["--no-plugins", "-c", ":import \(one) as one", "-c", "one"])
        #expect(single.error.contains("imported 1 row (sender)"), "\(single.error)")
        #expect(single.output.contains("1 row from 1 row of one.csv: 1 imported"), "\(single.output)")
    }

    @Test("--data of a STIX bundle reads it into the bundled schema: its intrusion set is an actor with its links")
    func stixBundleAsData() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let bundle = folder + "/bundle.json"
        try #"""
        {"type": "bundle", "id": "bundle--1", "objects": [
          {"type": "intrusion-set", "spec_version": "2.1", "id": "intrusion-set--1", "name": "MirrorFace"},
          {"type": "malware", "spec_version": "2.1", "id": "malware--1", "name": "LODEINFO", "is_family": true},
          {"type": "relationship", "spec_version": "2.1", "id": "relationship--1", "relationship_type": "uses",
           "source_ref": "intrusion-set--1", "target_ref": "malware--1"}]}
        """#.write(toFile: bundle, atomically: true, encoding: .utf8)
        let result = try BuiltProgram.run(["--data", bundle, "--no-plugins", "-c", "@mirrorface | out used_malware"])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("lodeinfo"), "\(result.output)")
    }

    @Test("-c runs statements in order and exits 0")
    func statements() throws {
        let result = try BuiltProgram.run(["-c", "incidents", "-c", "@mirrorface"])
        #expect(result.status == 0)
        #expect(result.output.contains("210 incidents"))
        #expect(result.output.contains("G1054"))
        #expect(result.error.isEmpty)
    }

    @Test("--no-plugins leaves plugin stages out; --plugin selects; an unknown plugin is a usage error")
    func pluginSelection() throws {
        let without = try BuiltProgram.run(["--no-plugins", "-c", "incidents | classify phases"])
        #expect(without.status == 1)
        #expect(without.error.contains("unknown stage `classify phases`"))
        let with = try BuiltProgram.run([
            "--plugin", "phase-classifier", "-c", "incidents | classify phases | count by phase",
        ])
        #expect(with.status == 0)
        #expect(with.output.hasPrefix("phase  count"))
        let unknown = try BuiltProgram.run(["--plugin", "phase-clasifier", "-c", "1"])
        #expect(unknown.status == 2)
        #expect(unknown.error.contains("no plugin named `phase-clasifier`; plugins: phase-classifier"))
    }

    @Test("a failing -c statement exits 1 with its error")
    func failingStatement() throws {
        let result = try BuiltProgram.run(["-c", "actors", "-c", "actrs", "-c", "incidents"])
        #expect(result.status == 1)
        #expect(result.output.contains("4 actors"))
        #expect(!result.output.contains("incidents"))
        #expect(result.error.contains("did you mean `actors`?"))
    }

    @Test("statements piped to stdin produce no prompts and no escape codes")
    func pipedInput() throws {
        let result = try BuiltProgram.run([], input: "# comment\nincidents\n:stats\n")
        #expect(result.status == 0)
        #expect(!result.output.contains("kagami>"))
        #expect(!result.output.contains("\u{1B}"))
        #expect(result.output.hasPrefix("id "))
    }

    @Test("kagami run stops at the first failure and names its line")
    func runFile() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let path = folder + "/tour.kagami"
        try "# tour\nactors\n\n@nobody\nincidents\n".write(toFile: path, atomically: true, encoding: .utf8)
        let result = try BuiltProgram.run(["run", path])
        #expect(result.status == 1)
        #expect(result.output.contains("4 actors"))
        #expect(!result.output.contains("incidents"))
        #expect(result.error.hasPrefix("\(path):4:1: error: no node has id `nobody`\n  4 | @nobody"))
    }

    @Test("piped statements' errors name the input line and column, also inside a continued statement")
    func pipedErrorPositions() throws {
        let result = try BuiltProgram.run([], input: "actors | count\n\n# a comment\nincidents |\n  wher x\n")
        #expect(result.status == 1)
        #expect(result.error.hasPrefix("<stdin>:5:3: error: unknown stage `wher`\n  5 |   wher x\n    |   ^^^^"))
    }

    @Test("usage errors exit 2")
    func usageError() throws {
        let result = try BuiltProgram.run(["--no-such-flag"])
        #expect(result.status == 2)
        #expect(result.error.contains("Unknown option '--no-such-flag'"))
    }

    @Test("--version prints the version")
    func version() throws {
        let result = try BuiltProgram.run(["--version"])
        #expect(result.status == 0)
        #expect(result.output == "0.1.0\n")
    }

    @Test("--data loads another graph; a malformed one is refused with its position")
    func dataFile() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let good = folder + "/tiny.json"
        try """
        {"format": "kagami-graph", "version": 1, "name": "tiny",
        "schema": {"kinds": [{"name": "actor", "plural": "actors", "display": ["name"], "properties": [{"name": "name", "type": "string"}]}], "edges": []},
        "nodes": [{"id": "x", "kind": "actor", "name": "X", "provenance": "synthetic"}], "edges": []}
        """.write(toFile: good, atomically: true, encoding: .utf8)
        let loaded = try BuiltProgram.run(["--data", good, "-c", "actors"])
        #expect(loaded.status == 0)
        #expect(loaded.output.contains("1 actor"))

        let bad = folder + "/bad.json"
        try "{\"format\": \"kagami-graph\",\n \"version\": 1, \"schema\": ]}".write(
            toFile: bad, atomically: true, encoding: .utf8)
        let refused = try BuiltProgram.run(["--data", bad, "-c", "actors"])
        #expect(refused.status == 1)
        #expect(refused.error.hasPrefix("\(bad):2:26: error[graph.syntax]: expected a value, found `]`"))
    }
}

@Suite("The shipped sessions")
struct ShippedSessionTests {
    @Test("the tour replays without a failure")
    func tour() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sessions/tour.kagami").path
        let result = try BuiltProgram.run(["run", path])
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("NPA campaign B"))
        #expect(result.output.contains("CVE-2023-28461"))
    }
}

@Suite("kagami generate")
struct GenerateCommandTests {
    @Test("writes the requested format atomically to --out, the same bytes every time")
    func writesFile() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let first = folder + "/set.csv"
        let second = folder + "/again.csv"
        #expect(try BuiltProgram.run(["generate", "--incidents", "50", "--seed", "9", "--out", first]).status == 0)
        #expect(try BuiltProgram.run(["generate", "--incidents", "50", "--seed", "9", "--out", second]).status == 0)
        let text = try String(contentsOfFile: first, encoding: .utf8)
        #expect(text.hasPrefix("id,ts,campaign,true_phase"))
        #expect(text.split(separator: "\n").count == 51)
        #expect(text == (try String(contentsOfFile: second, encoding: .utf8)))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["again.csv", "set.csv"])
    }

    @Test("a generated file loads with --data")
    func loads() throws {
        let folder = try BuiltProgram.temporaryFolder()
        let path = folder + "/tw.jsonl"
        let generated = try BuiltProgram.run(["generate", "--incidents", "80", "--schedule", "TW", "--out", path])
        #expect(generated.status == 0, "\(generated.error)")
        let listed = try BuiltProgram.run(["--data", path, "-c", ":stats"])
        #expect(listed.status == 0)
        #expect(listed.output.contains("incident       84     4         80"))
    }

    @Test(
        "impossible options are usage errors (exit 2) that say what is allowed",
        arguments: [
            (["--schedule", "XX"], "unknown schedule `XX`"),
            (["--noise", "1.5"], "--noise is a share between 0 and 1"),
            (["--format", "xml"], "--format must be json, jsonl or csv"),
        ])
    func badOptions(arguments: [String], message: String) throws {
        let result = try BuiltProgram.run(["generate", "--incidents", "5"] + arguments)
        #expect(result.status == 2)
        #expect(result.error.contains(message))
        #expect(result.output.isEmpty)
    }

    @Test("run --keep-going runs every statement of every file and exits 1 at the end")
    func keepGoing() throws {
        let folder = try BuiltProgram.temporaryFolder()
        try "actors | count\nactrs\nlet n = sectors\n".write(
            toFile: folder + "/a.kagami", atomically: true, encoding: .utf8)
        try "n | count\n".write(toFile: folder + "/b.kagami", atomically: true, encoding: .utf8)
        let stopped = try BuiltProgram.run(["run", folder + "/a.kagami", folder + "/b.kagami"])
        #expect(stopped.status == 1 && !stopped.output.contains("12"))
        #expect(stopped.error.contains("a.kagami:2:1: error: unknown source `actrs`"))
        let kept = try BuiltProgram.run(["run", "--keep-going", folder + "/a.kagami", folder + "/b.kagami"])
        #expect(kept.status == 1)
        #expect(kept.error.contains("`n` is bound to 12 rows") && kept.output.contains("count\n─────\n12"))
    }
}
