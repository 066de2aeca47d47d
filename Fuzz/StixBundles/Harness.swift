import IncidentGraph
import Interchange
import Workbench

/// libFuzzer target: any bytes as a STIX 2.1 bundle read into the bundled schema.
private let schema = try? BundledData.mirrorFace().graph.schema

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStixBundle(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard let schema else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = StixReader.isBundle(bytes)
    _ = try? StixReader.read(bytes, file: "fuzz.json", base: schema)
    return 0
}
