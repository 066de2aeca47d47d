import Foundation
import IncidentGraph
import SyntheticData
import Testing
import Workbench

@Suite("The bundled data set")
struct BundledSetTests {
    @Test("the committed file is exactly the generator's output for the documented seed")
    func matchesGenerator() throws {
        let committed = try String(contentsOfFile: try BundledData.path(of: BundledData.bundledFile), encoding: .utf8)
        #expect(
            committed == (try Fixtures.generate(GeneratorOptions(), format: .json)),
            "run `make data` and review the diff")
    }

    @Test("its content is pinned, so tutorial answers never change by accident")
    func pinnedHash() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: try BundledData.path(of: BundledData.bundledFile)))
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        #expect(
            String(hash, radix: 16) == "83a87f96483eefc0", "the bundled data changed: update this pin only on purpose")
    }
}
