import IncidentGraph

/// The places of a text property's texts in the order ``Value`` gives texts — their Unicode
/// scalars, which is the order of their UTF-8 bytes — with the reader and text numbers of its
/// column: a sort by the property compares whole numbers, not texts.
struct TextPlaces {
    let reader: PropertyReader
    let codes: TextCodes
    /// The place of each text number, and the text number at each place (``places(of:count:)``).
    let places: [Int64]
    let codeAtPlace: [Int32]

    /// The place of the text of each of `rows` of the reader's kind (-1: none), nil where there
    /// is no text.
    func keys(ofRows rows: [Int32]) -> [Int64?] {
        codes.withRowCodes { codes in
            rows.map { $0 >= 0 && codes[Int($0)] >= 0 ? places[Int(codes[Int($0)])] : nil }
        }
    }

    /// The text at `place` (a place ``keys(ofRows:)`` gave).
    func text(atPlace place: Int64) -> String {
        codes.text(ofCode: codeAtPlace[Int(place)])
    }

    /// Each text number's place among the texts `texts` holds (``TextCodes/utf8``), `count` of
    /// them, in the order of their UTF-8 bytes, and the text number at each place: two texts are
    /// compared by their first eight bytes as one number (``UTF8Order/leadingWord(_:)``), then by
    /// their bytes.
    static func places(of texts: TextBytes, count: Int) -> (places: [Int64], codeAtPlace: [Int32]) {
        let order = texts.withTexts { text in
            let leading = (0..<count).map { UTF8Order.leadingWord(text[$0]) }
            return (0..<count).sorted { first, second in
                leading[first] != leading[second]
                    ? leading[first] < leading[second] : UTF8Order.precedes(text[first], text[second])
            }
        }
        var places = [Int64](repeating: 0, count: count)
        for (place, code) in order.enumerated() { places[code] = Int64(place) }
        return (places, order.map { Int32($0) })
    }
}
