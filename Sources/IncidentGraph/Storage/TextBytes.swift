/// Texts' UTF-8 bytes laid one after the other in one buffer, by number: every node's id
/// (``IncidentGraph/idBytes``), or the distinct texts of a property (``TextCodes/utf8``). A test
/// of many texts (`id starts with "inc-2023"`, `subject contains "台湾"`) or their order reads
/// the bytes in place, with no `String` taken out of an array and none of its storage counted.
public struct TextBytes: Sendable {
    private let bytes: [UInt8]
    /// Where each text starts in `bytes`, and after the last one where it ends.
    private let starts: [Int]

    /// Texts laid out as they are kept (``TextNumbering``): each one's end in `bytes`.
    init(bytes: [UInt8], ends: [Int]) {
        self.bytes = bytes
        starts = [0] + ends
    }

    /// The bytes of `texts`, numbered by their position.
    init(_ texts: [String]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(texts.reduce(0) { $0 + $1.utf8.count })
        var starts = [0]
        starts.reserveCapacity(texts.count + 1)
        for text in texts {
            bytes.append(contentsOf: text.utf8)
            starts.append(bytes.count)
        }
        self.bytes = bytes
        self.starts = starts
    }

    /// Calls `body` with a reader of each text's bytes, valid while it runs.
    public func withTexts<Result>(_ body: (Reader) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { bytes in
            starts.withUnsafeBufferPointer { starts in body(Reader(bytes: bytes, starts: starts)) }
        }
    }

    /// Each text's bytes, read in place.
    public struct Reader {
        fileprivate let bytes: UnsafeBufferPointer<UInt8>
        fileprivate let starts: UnsafeBufferPointer<Int>

        /// The UTF-8 bytes of text number `number`.
        public subscript(number: Int) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[starts[number]..<starts[number + 1]])
        }
    }
}

extension IncidentGraph {
    /// Every node's id as UTF-8 bytes in one buffer, by node number, made at the first call
    /// and kept.
    public var idBytes: TextBytes { lazyIndexes.idBytes() }
}
