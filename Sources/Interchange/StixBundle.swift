import IncidentGraph

/// A STIX bundle's top level, read without building its objects: each object is parsed when
/// the reader comes to it and let go after, so a bundle of half a gigabyte is never held as one
/// tree (Foundation's parser took 5.1 GB and 31 s for a 556 MB bundle).
struct StixBundle: Sendable {
    /// The bundle's `spec_version`, when it says one (STIX 2.0 bundles do; 2.1 ones need not).
    let specVersion: String?
    private let bytes: [UInt8]
    private let file: String
    private let objects: Objects

    /// Where the objects are: byte ranges still to parse, or values already parsed (when the
    /// quick scan of the top level did not understand the text and the whole was parsed).
    private enum Objects: Sendable {
        case ranges([Range<Int>])
        case parsed([JSONValue])
    }

    /// The bundle in `bytes`; a syntax error is refused at its line and column, and JSON that
    /// is not a bundle with objects as not a bundle.
    init(_ bytes: [UInt8], file: String) throws(GraphError) {
        self.bytes = bytes
        self.file = file
        if let members = JSONScan.members(bytes),
            let objects = members.last(where: { $0.key == "objects" }).flatMap({ JSONScan.elements(bytes, $0.value) })
        {
            // The members beside the objects are few and small: each is parsed, so a broken one is refused too.
            var texts: [String: String] = [:]
            for member in members where member.key != "objects" {
                if case .string(let text) = try Self.parse(bytes, member.value, file: file).content {
                    texts[member.key] = text
                }
            }
            guard texts["type"] == "bundle" else { throw Self.notABundle(file) }
            specVersion = texts["spec_version"]
            self.objects = .ranges(objects)
        } else {
            guard let bundle = StixObject(try Self.parse(bytes, 0..<bytes.count, file: file)),
                bundle.string("type") == "bundle", case .array(let objects)? = bundle["objects"]?.content
            else { throw Self.notABundle(file) }
            specVersion = bundle.string("spec_version")
            self.objects = .parsed(objects)
        }
    }

    /// How many bytes the bundle has.
    var totalBytes: Int { bytes.count }

    /// How many objects the bundle has.
    var objectCount: Int {
        switch objects {
        case .ranges(let ranges): ranges.count
        case .parsed(let values): values.count
        }
    }

    /// The objects at `positions` (counted from 0 in the order written), parsed one at a time,
    /// each with how far into the bytes it ends (for a progress line).
    func forEachObject(
        at positions: Range<Int>, _ body: (JSONValue, _ bytesRead: Int) throws(GraphError) -> Void
    ) throws(GraphError) {
        switch objects {
        case .ranges(let ranges):
            for range in ranges[positions] { try body(try Self.parse(bytes, range, file: file), range.upperBound) }
        case .parsed(let values):
            for index in positions { try body(values[index], bytes.count * (index + 1) / values.count) }
        }
    }

    private static func parse(_ bytes: [UInt8], _ range: Range<Int>, file: String) throws(GraphError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes, in: range)
        } catch {
            var locator = Locator(file: file, bytes: bytes)
            throw GraphError(
                .syntax, "\(file) is not valid JSON: \(error.message)", at: locator.location(at: error.offset),
                hint: "a STIX 2.1 bundle is one JSON object with type \"bundle\" and objects")
        }
    }

    private static func notABundle(_ file: String) -> GraphError {
        GraphError(.format, "\(file) is not a STIX 2.1 bundle", hint: "a JSON object with type \"bundle\" and objects")
    }
}
