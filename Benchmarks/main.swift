// `make bench`: performance figures of a release build, printed, never asserted in unit tests.
//
//   start-up      time from launching `kagami` on a terminal until its first prompt is shown and
//                 the terminal is in line-editing mode, ready for keys (target < 100 ms)
//   bundled load  parsing and indexing the bundled MirrorFace data in-process
//   large load    writing and reading a JSON Lines graph of N incidents with their edges,
//                 with the resident memory the loaded graph adds (target: 10^6 in seconds, < 1 GiB)

import Foundation
import IncidentGraph
import TestSupport
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

// MARK: Large graphs

/// A graph of `count` incidents, each attributed to one actor and targeting one of 1,000 orgs.
func largeGraph(incidents count: Int) throws -> IncidentGraph {
    let schema = try Schema(
        kinds: [
            KindSchema(
                name: "actor", plural: "actors", doc: "",
                properties: [PropertySchema(name: "name", type: .string, doc: "")], display: ["name"]),
            KindSchema(
                name: "org", plural: "orgs", doc: "",
                properties: [PropertySchema(name: "name", type: .string, doc: "")], display: ["name"]),
            KindSchema(
                name: "incident", plural: "incidents", doc: "",
                properties: [
                    PropertySchema(name: "ts", type: .instant, doc: ""),
                    PropertySchema(name: "vector", type: .string, doc: ""),
                    PropertySchema(name: "files_exfiltrated", type: .int, doc: ""),
                ],
                display: ["ts"], timeProperty: "ts"),
        ],
        edgeLabels: [
            EdgeLabelSchema(name: "attributed_to", from: ["incident"], to: ["actor"], doc: ""),
            EdgeLabelSchema(name: "targeted", from: ["incident"], to: ["org"], doc: ""),
        ],
        links: [])
    var builder = GraphBuilder(schema: schema)
    try builder.addNode(
        id: "mirrorface", kind: "actor", properties: ["name": .string("MirrorFace")], provenance: .synthetic)
    for org in 0..<1000 {
        try builder.addNode(
            id: "org-\(org)", kind: "org", properties: ["name": .string("Think tank \(org)")], provenance: .synthetic)
    }
    var generator = SystemRandomNumberGenerator()
    let start: Int64 = 1_575_158_400_000  // 2019-12-01
    for index in 0..<count {
        let id = "inc-\(index)"
        let instant = Instant(millisecondsSinceEpoch: start + Int64.random(in: 0..<160_000_000_000, using: &generator))
        try builder.addNode(
            id: id, kind: "incident",
            properties: [
                "ts": .instant(instant), "vector": .string(index % 5 == 0 ? "vpn-device" : "spear-phishing-attachment"),
                "files_exfiltrated": .int(index % 97),
            ],
            provenance: .synthetic)
        try builder.addEdge(from: id, to: "mirrorface", label: "attributed_to", provenance: .synthetic)
        try builder.addEdge(from: id, to: "org-\(index % 1000)", label: "targeted", provenance: .synthetic)
    }
    return try builder.build()
}

let sizes = CommandLine.arguments.dropFirst().compactMap { Int($0) }
for count in sizes.isEmpty ? [100_000, 1_000_000] : sizes {
    let path = NSTemporaryDirectory() + "kagami-bench-\(count).jsonl"
    var written = 0
    let writeTime = try seconds {
        let document = GraphDocument(name: "bench", about: "", graph: try largeGraph(incidents: count))
        try GraphFile.write(document, to: path, format: .jsonl)
        written = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }
    let before = residentMiB()
    var loaded: GraphDocument?
    let readTime = try seconds { loaded = try GraphFile.read(path: path) }
    let after = residentMiB()
    guard let graph = loaded?.graph else { continue }
    var rangeCount = 0
    let from = Instant(millisecondsSinceEpoch: 1_672_531_200_000)  // 2023-01-01
    let to = Instant(millisecondsSinceEpoch: 1_704_067_199_000)  // 2023-12-31
    let rangeTime = seconds { rangeCount = graph.nodes(ofKind: "incident", timeIn: from...to)?.count ?? 0 }
    print(
        "JSON Lines graph of \(count) incidents (\(graph.nodeCount) nodes, \(graph.edgeCount) edges, \(written / 1_048_576) MiB):"
    )
    print(
        "  build+write \(String(format: "%.2f s", writeTime))  read+index \(String(format: "%.2f s", readTime))"
            + "  resident memory after load \(String(format: "%.0f MiB", after)) (+\(String(format: "%.0f", after - before)) MiB)"
    )
    print("  time-index range 2023 → \(rangeCount) incidents in \(milliseconds(rangeTime))")
    loaded = nil
    try? FileManager.default.removeItem(atPath: path)
}
