import IncidentGraph
import QueryEngine
import Workbench

/// libFuzzer target: any bytes as a statement through the lexer, the parser and the checker
/// over the bundled graph. A crash, a trap, a leak or a hang is a finding.
private let graph = try? BundledData.mirrorFace().graph

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStatement(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let graph else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = QueryRunner.diagnostics(of: text, graph: graph, state: QueryState())
    return 0
}
