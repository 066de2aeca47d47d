import ArgumentParser
import Foundation
import IncidentGraph
import Workbench

/// `kagami snapshot IN OUT`: stores a graph file as a snapshot, which `--data OUT` opens
/// without parsing.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Store a graph file (.json, .jsonl, STIX bundle) as a snapshot (.kgs) that opens without parsing.")

    @Argument(help: ArgumentHelp("The graph file.", valueName: "graph-file"))
    var input: String

    @Argument(help: ArgumentHelp("Where to write the snapshot (replaced atomically).", valueName: "snapshot.kgs"))
    var output: String

    func run() throws {
        do {
            let document = try DataOptions.load(input, cached: false)
            try GraphSnapshot.write(document, to: output, producer: KagamiVersion.current)
            let graph = document.graph
            Output.write("wrote \(output): \(graph.nodeCount) nodes, \(graph.edgeCount) edges; open it with --data \(output)")
        } catch {
            Output.error("\(error)")
            throw ExitCode(1)
        }
    }
}
