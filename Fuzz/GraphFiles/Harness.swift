import IncidentGraph

/// libFuzzer target: any bytes as a Kagami graph file, JSON and JSON Lines.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGraphFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = try? GraphFile.decode(bytes, file: "fuzz.json", format: .json)
    _ = try? GraphFile.decode(bytes, file: "fuzz.jsonl", format: .jsonl)
    return 0
}
