/// Where a node or edge comes from: reported by public sources, generated, imported from an
/// analyst's file, or observed by the analyst.
///
/// Every reported fact cites the `source` nodes it rests on and how firmly it is reported;
/// every synthetic record says so, so that the layers can never be mixed up. docs/data.md
/// defines the vocabulary.
public struct Provenance: Hashable, Sendable {
    /// Whether the record is reported or synthetic.
    public let origin: Origin
    /// Keys of the `source` nodes cited (`s1`, `s15`); empty for synthetic records.
    public let sources: [String]
    /// How firmly the fact is reported; `nil` for synthetic records.
    public let status: Status?

    /// A reported fact, with its sources and status.
    public static func reported(sources: [String], status: Status) -> Provenance {
        Provenance(origin: .reported, sources: sources, status: status)
    }

    /// A generated record.
    public static let synthetic = Provenance(origin: .synthetic, sources: [], status: nil)

    /// Whether the record was generated rather than reported, imported or observed.
    public var isSynthetic: Bool { origin == .synthetic }

    /// A provenance; use ``reported(sources:status:)`` or ``synthetic``.
    public init(origin: Origin, sources: [String], status: Status?) {
        self.origin = origin
        self.sources = sources
        self.status = status
    }

    /// Where the record comes from.
    public enum Origin: String, Hashable, Sendable, CaseIterable {
        /// Stated by a public source.
        case reported
        /// Generated to match published totals: not evidence of anything.
        case synthetic
        /// Read from a file an analyst brought (`:import`, a STIX bundle): as good as that file.
        case imported
        /// The analyst's own observation (their telemetry, their notes).
        case observed
    }

    /// The reporting status words of the fact sheet.
    public enum Status: String, Hashable, Sendable, CaseIterable {
        /// Stated by the named primary or official source, or reputable media quoting it.
        case reported = "REPORTED"
        /// Seen only in a secondary outlet quoting someone else.
        case secondary = "SECONDARY"
        /// Not seen in any source read, or only in a low-quality one.
        case unconfirmed = "UNCONFIRMED"
    }
}
