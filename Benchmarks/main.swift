// `make bench`: performance figures of a release build, printed, never asserted in unit tests.
//
//   start-up      time from launching `kagami` on a terminal until its first prompt is shown and
//                 the terminal is in line-editing mode, ready for keys (target < 100 ms)
//   bundled load  parsing and indexing the bundled MirrorFace data in-process
//   generated     `kagami generate` of N incidents to JSON Lines, then loading it, with the
//                 resident memory (targets for 10^6: generation < 10 s, load < 10 s, < 1 GiB),
//                 then the query and plugin-stage timings (`kagami-bench FILE.jsonl`: those alone)

import Foundation
import IncidentGraph
import Interchange
import LureScorer
import PhaseClassifier
import PluginAPI
import QueryEngine
import SyntheticData
import TestSupport
import TimingAttributor
import WorkSchedules
import Workbench

/// Wall-clock seconds of `body`.
func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Resident memory of this process in MiB, from /proc/self/statm.
func residentMiB() -> Double {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
        let pages = text.split(separator: " ").dropFirst().first.flatMap({ Double($0) })
    else { return .nan }
    return pages * Double(sysconf(Int32(_SC_PAGESIZE))) / 1_048_576
}

func milliseconds(_ value: Double) -> String { String(format: "%.1f ms", value * 1000) }

func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * fraction))]
}

// The allocator settings `kagami` starts with, so that loads and statements are timed as it runs them.
HeapSettings.reuseLargeBlocks()

// MARK: Start-up to the first prompt

let runs = 20
let state = try BuiltProgram.temporaryFolder()
var startups: [Double] = []
for _ in 0..<runs {
    let start = DispatchTime.now().uptimeNanoseconds
    let terminal = try PseudoTerminal(
        executable: BuiltProgram.kagami, environment: ["TERM": "xterm", "HOME": state, "XDG_STATE_HOME": state])
    try terminal.expectPrompt("kagami> ")
    startups.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    terminal.send("\u{04}")
    _ = try terminal.waitForExit()
}
print("start-up to first prompt (\(runs) runs, \(BuiltProgram.kagami)):")
print(
    "  median \(milliseconds(percentile(startups, 0.5)))  p90 \(milliseconds(percentile(startups, 0.9)))  target < 100 ms"
)

// MARK: Bundled data

var bundledTimes: [Double] = []
var bundled: GraphDocument?
for _ in 0..<10 {
    bundledTimes.append(try seconds { bundled = try BundledData.mirrorFace() })
}
if let bundled {
    print("bundled MirrorFace load (\(bundled.graph.nodeCount) nodes, \(bundled.graph.edgeCount) edges, 10 runs):")
    print("  median \(milliseconds(percentile(bundledTimes, 0.5)))")
}

// MARK: Replaying a long session

if let bundled {
    let simple = [
        "actors | count", "incidents | where vector == \"vpn-device\" | count", "@jaxa | in targeted | count",
        "incidents | count by year(ts)", "lures | where language == \"en\" | take 3 | select id",
        "hour(2024-06-03T01:30Z, \"Asia/Shanghai\")", "campaigns | select id, phase", "sectors | count",
    ]
    let statements = (0..<10_000).map { simple[$0 % simple.count] }
    let session = SessionFile(parsing: statements.joined(separator: "\n") + "\n")
    var checked = 0
    let replayTime = seconds {
        checked = SessionCheck(session, in: Workspace(document: bundled)).statements
    }
    print("replaying a session of \(checked) simple statements on the bundled data (target < 2 s):")
    print("  \(String(format: "%.2f s", replayTime))")
}

// MARK: Generated sets: generation, load and queries

let benchmarkQueries = [
    ("filter + group count over a date range", "incidents | where ts in 2023-01..2023-06 | count by vector"),
    (
        "case-insensitive substring, top 10 by time",
        #"incidents | where lower(name) contains "think tank" | top 10 by ts desc"#
    ),
    (
        "hour x weekday in Asia/Shanghai, one actor",
        #"incidents | where actor == @mirrorface | count by hour(ts, "Asia/Shanghai"), weekday(ts, "Asia/Shanghai")"#
    ),
    (
        "incidents against one sector, with lure subjects",
        #"incidents | where target.sector == "media" | select id, lure.subject"#
    ),
    ("two-hop traversal", "@mirrorface | in attributed_to | out targeted"),
    ("shortest path", "path @inc-FIRST -> @mss max 6"),
    (
        "top 5 orgs by files exfiltrated",
        "incidents | summarize sum(files_exfiltrated) as files by target | top 5 by files desc"
    ),
]

/// Plugin stages, timed like the queries (target: classifying 10^6 incidents < 1 s).
let pluginQueries = [
    ("classify phases (every incident)", "incidents | classify phases"),
    ("discover phases 3", "incidents | discover phases 3"),
    ("attribute timing (every incident, 13 hypotheses)", "incidents | attribute timing"),
    ("score lures (every incident's lure)", "incidents | score lures"),
]
let pluginRegistry = PluginLoader(configurationFolder: nil).registry(
    [PhaseClassifierPlugin(), LureScorerPlugin(), TimingAttributorPlugin()], selection: .all)

/// The median of three runs of a statement, and how many rows it gave.
func timed(_ statement: String, _ graph: IncidentGraph, registry: PluginRegistry) -> (Double, Int) {
    var times: [Double] = []
    var rows = 0
    for _ in 0..<3 {
        times.append(
            seconds {
                if case .success((.rows(let result), _)) = QueryRunner.run(
                    statement, graph: graph, state: QueryState(), registry: registry)
                {
                    rows = result.rows.count
                }
            })
    }
    return (percentile(times, 0.5), rows)
}

/// The seven questions of the query-language issue and the plugin stages, each timed.
func runQueries(on graph: IncidentGraph, firstIncident: String) {
    print("  queries (median of 3 runs, target < 100 ms each at 10^6):")
    for (name, query) in benchmarkQueries {
        let statement = query.replacingOccurrences(of: "inc-FIRST", with: firstIncident)
        let (time, rows) = timed(statement, graph, registry: QueryRunner.languageOnly)
        print("    \(name): \(milliseconds(time)) (\(rows) rows)")
    }
    print(
        "  plugin stages (median of 3 runs, targets at 10^6: classify phases < 1 s, attribute timing < 1 s, lures < 2 s):"
    )
    for (name, statement) in pluginQueries {
        let (time, rows) = timed(statement, graph, registry: pluginRegistry)
        print("    \(name): \(milliseconds(time)) (\(rows) rows)")
    }
    benchmarkLureScore(graph)
}

/// The lure scorer's function called directly on one distinct subject per incident (each
/// incident's lure subject with its id appended), without a query around it.
func benchmarkLureScore(_ graph: IncidentGraph) {
    guard let score = pluginRegistry.function(named: "lure_score")?.definition.run else { return }
    let subjects = graph.nodes(ofKind: "incident").map { incident in
        let lure = graph.firstNeighbour(of: incident, direction: .out, label: "used_lure")
        return (lure.flatMap { graph.value("subject", of: $0).stringValue } ?? "") + " " + graph.id(of: incident)
    }
    var flagged = 0
    let time = seconds {
        for subject in subjects {
            if case .int(let value) = try? score(FunctionCall(graph: graph, arguments: [.string(subject)])), value > 50
            {
                flagged += 1
            }
        }
    }
    print("    lure_score called on \(subjects.count) distinct subjects: \(milliseconds(time)) (\(flagged) above 50)")
}

// `kagami-bench FILE.jsonl [STATEMENT …]`: only the queries (or these statements), over a graph
// file made beforehand with `kagami generate` (for profiling without generating again).
if let file = CommandLine.arguments.dropFirst().first(where: { $0.hasSuffix(".jsonl") || $0.hasSuffix(".json") }) {
    let graph = try GraphFile.read(path: file).graph
    let first = graph.nodes(ofKind: "incident").first.map { graph.id(of: $0) } ?? ""
    print("queries over \(file) (\(graph.nodeCount) nodes):")
    let extra = CommandLine.arguments.dropFirst().filter { $0 != file }
    guard extra.isEmpty else {
        for statement in extra {
            let (time, rows) = timed(statement, graph, registry: pluginRegistry)
            print("    \(statement): \(milliseconds(time)) (\(rows) rows)")
        }
        exit(0)
    }
    runQueries(on: graph, firstIncident: first)
    exit(0)
}

let reported = try BundledData.reportedLayer()
let schedules = try ScheduleBook.shipped()
let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
for count in sizes.isEmpty ? [100_000, 1_000_000] : sizes {
    let path = NSTemporaryDirectory() + "kagami-bench-\(count).jsonl"
    let layer = try SyntheticLayer(options: GeneratorOptions(incidents: count), schedules: schedules)
    let file = try AtomicFileWriter(path: path)
    let generateTime = try seconds {
        layer.write(format: .jsonl, reported: reported, emit: { try? file.write($0) })
        try file.commit()
    }
    let written = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let before = residentMiB()
    var loaded: GraphDocument?
    let readTime = try seconds { loaded = try GraphFile.read(path: path) }
    guard let graph = loaded?.graph else { continue }
    let indexTime = seconds { graph.waitForIndexes() }
    let after = residentMiB()
    var rangeCount = 0
    let from = Instant(millisecondsSinceEpoch: 1_672_531_200_000)  // 2023-01-01
    let to = Instant(millisecondsSinceEpoch: 1_704_067_199_000)  // 2023-12-31
    let rangeTime = seconds { rangeCount = graph.nodeNumbers(ofKind: "incident", timeIn: from...to)?.count ?? 0 }
    print(
        "generated set of \(count) incidents (\(graph.nodeCount) nodes, \(graph.edgeCount) edges, \(written / 1_048_576) MiB JSON Lines):"
    )
    print(
        "  generate+write \(String(format: "%.2f s", generateTime))  read \(String(format: "%.2f s", readTime))"
            + " (+\(String(format: "%.2f s", indexTime)) to the neighbour lists and time index)"
            + "  resident after load \(String(format: "%.0f MiB", after)) (+\(String(format: "%.0f", after - before)) MiB)"
    )
    print("  time-index range 2023 → \(rangeCount) incidents in \(milliseconds(rangeTime))")
    let firstIncident = "inc-" + String(repeating: "0", count: max(4, String(count).count) - 1) + "1"
    runQueries(on: graph, firstIncident: firstIncident)
    try benchmarkSnapshot(of: loaded, source: path)
    if count <= 100_000 { try benchmarkStix(of: graph) }
    loaded = nil
    try? FileManager.default.removeItem(atPath: path)
}

/// A snapshot of the loaded set: writing it, reading it in-process, and `kagami --data
/// FILE.kgs` to its end (targets at 10^6: < 0.5 s, half DuckDB's CSV load).
func benchmarkSnapshot(of document: GraphDocument?, source: String) throws {
    guard let document else { return }
    let snapshot = source + "." + GraphSnapshot.fileExtension
    defer { try? FileManager.default.removeItem(atPath: snapshot) }
    let writeTime = try seconds { try GraphSnapshot.write(document, to: snapshot, producer: KagamiVersion.current) }
    let size = (try FileManager.default.attributesOfItem(atPath: snapshot)[.size] as? Int) ?? 0
    var reads: [Double] = []
    for _ in 0..<3 {
        reads.append(try seconds { _ = try GraphSnapshot.read(path: snapshot, producer: KagamiVersion.current) })
    }
    var opens: [Double] = []
    for _ in 0..<3 {
        opens.append(seconds { _ = try? BuiltProgram.run(["--no-plugins", "--data", snapshot, "-c", ":quit"]) })
    }
    print(
        "  snapshot (\(size / 1_048_576) MiB): write \(String(format: "%.2f s", writeTime))"
            + "  read \(String(format: "%.2f s", percentile(reads, 0.5)))"
            + "  kagami --data FILE.kgs -c :quit \(String(format: "%.2f s", percentile(opens, 0.5))) (median of 3)")
}

/// The whole set exported as a STIX 2.1 bundle and read back (at 10^5 incidents the bundle is
/// about half a gigabyte; larger sets are left out).
func benchmarkStix(of graph: IncidentGraph) throws {
    var bundle: [UInt8] = []
    let exportTime = try seconds {
        _ = try StixWriter.bundle(of: graph.allNodes, in: graph) { bundle += $0 }
    }
    var imported = 0
    let importTime = try seconds {
        imported = try StixReader.read(bundle, file: "bench.json", base: graph.schema).document.graph.nodeCount
    }
    print(
        "  STIX bundle (\(bundle.count / 1_048_576) MiB): export \(String(format: "%.2f s", exportTime))"
            + "  import \(String(format: "%.2f s", importTime)) (\(imported) nodes)")
}
