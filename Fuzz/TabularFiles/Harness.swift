import Foundation
import IncidentGraph
import Interchange

/// libFuzzer target: any bytes as the rows `:import` reads, CSV and JSON Lines: as a table
/// (`:import FILE as NAME`), and as nodes read in small blocks (`:import FILE as KIND …`), so
/// that blocks are cut inside quoted fields and lines.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRows(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)
    _ = try? TabularFile(csv: text)
    _ = try? TabularFile(jsonLines: text)
    guard let graph = RowTarget.graph, FileManager.default.createFile(atPath: RowTarget.path, contents: Data(bytes))
    else { return 0 }
    for jsonLines in [false, true] {
        _ = try? RowImport.adding(
            file: RowTarget.path, named: "rows", jsonLines: jsonLines, mapping: RowTarget.mapping, to: graph,
            blockSize: 64)
    }
    return 0
}

/// What the rows become: incidents with a time, a count, a text and a link to an org.
enum RowTarget {
    static let path = NSTemporaryDirectory() + "/kagami-fuzz-rows-\(getpid())"
    static let mapping = RowImport.Mapping(
        kind: "incident", idColumn: "id", fields: [("ts", "ts"), ("n", "n"), ("note", "note"), ("target", "org")])
    static let graph: IncidentGraph? = {
        let header = """
            {"format": "kagami-graph-lines", "version": 1, "name": "fuzz", "schema": {"kinds": [\
            {"name": "incident", "plural": "incidents", "properties": [{"name": "ts", "type": "instant"}, \
            {"name": "n", "type": "int"}, {"name": "note", "type": "string"}]}, \
            {"name": "org", "plural": "orgs", "properties": []}, \
            {"name": "source", "plural": "sources", "properties": [{"name": "key", "type": "string"}, \
            {"name": "title", "type": "string"}]}], \
            "edges": [{"label": "targeted", "from": ["incident"], "to": ["org"], "properties": []}], \
            "links": [{"kind": "incident", "name": "target", "label": "targeted", "direction": "out", "single": true}]}}
            {"id": "jaxa", "kind": "org", "provenance": "synthetic"}

            """
        return try? GraphFile.decode(Array(header.utf8), file: "fuzz.jsonl", format: .jsonl).graph
    }()
}
