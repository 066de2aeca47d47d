import Interchange

/// libFuzzer target: any bytes as the rows `:import` reads, CSV and JSON Lines.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRows(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = try? TabularFile(csv: text)
    _ = try? TabularFile(jsonLines: text)
    return 0
}
