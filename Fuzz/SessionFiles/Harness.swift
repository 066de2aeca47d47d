import Workbench

/// libFuzzer target: any bytes as a `.kagami` session file and as a script of statements.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSessionFile(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let session = SessionFile(parsing: text)
    _ = session.text
    _ = Script.statements(in: text)
    return 0
}
