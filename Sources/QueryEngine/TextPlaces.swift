import Foundation
import IncidentGraph

/// The places of a text property's texts in the order ``Value`` gives texts — their Unicode
/// scalars, which is the order of their UTF-8 bytes — with the reader and text numbers of its
/// column: a sort by the property compares whole numbers, not texts.
struct TextPlaces {
    let reader: PropertyReader
    let codes: TextCodes
    /// The place of each text number (``places(of:)``).
    let places: [Int64]

    /// The place of the text of each of `rows` of the reader's kind (-1: none), nil where there
    /// is no text.
    func keys(ofRows rows: [Int32]) -> [Int64?] {
        codes.withRowCodes { codes in
            rows.map { $0 >= 0 && codes[Int($0)] >= 0 ? places[Int(codes[Int($0)])] : nil }
        }
    }

    /// Each text number's place among the texts in the order of their UTF-8 bytes. The texts'
    /// bytes are laid out in one buffer, and two texts are compared by their first eight bytes
    /// as one number (zero after a text's end: when those differ, they order the texts as their
    /// bytes do), then by their bytes.
    static func places(of codes: TextCodes) -> [Int64] {
        var bytes: [UInt8] = []
        var starts = [0]
        var leading: [UInt64] = []
        starts.reserveCapacity(codes.count + 1)
        leading.reserveCapacity(codes.count)
        for code in 0..<Int32(codes.count) {
            var text = codes.text(ofCode: code)
            text.withUTF8 { utf8 in
                bytes.append(contentsOf: utf8)
                leading.append(
                    utf8.prefix(8).enumerated().reduce(0) { $0 | UInt64($1.element) << (56 - 8 * $1.offset) })
            }
            starts.append(bytes.count)
        }
        let order = bytes.withUnsafeBufferPointer { bytes in
            (0..<codes.count).sorted { first, second in
                if leading[first] != leading[second] { return leading[first] < leading[second] }
                let firstCount = starts[first + 1] - starts[first]
                let secondCount = starts[second + 1] - starts[second]
                let common = min(firstCount, secondCount)
                guard let base = bytes.baseAddress, common > 0 else { return firstCount < secondCount }
                let order = memcmp(base + starts[first], base + starts[second], common)
                return order != 0 ? order < 0 : firstCount < secondCount
            }
        }
        var places = [Int64](repeating: 0, count: codes.count)
        for (place, code) in order.enumerated() { places[code] = Int64(place) }
        return places
    }
}
