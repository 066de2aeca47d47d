import IncidentGraph

/// How precisely an instant was recorded, read from the text property beside it named
/// `PROPERTY_precision` (`ts_precision`: `second`, `minute`, `hour`, `day`, `month` or
/// `year`), the data's way of saying a fact is known only roughly: the four reported JAXA
/// intrusions are known to the month, stored as the month's first midnight. A calendar field
/// finer than that (`hour(ts)`, `weekday(ts)` of a month) is not known, and is null.
enum RecordedPrecision: Int, Comparable {
    case year, month, day, hour, minute, second

    /// The precision a `PROPERTY_precision` text names; nil for any other text (the value is
    /// then taken as it stands).
    init?(_ text: String) {
        switch text {
        case "year": self = .year
        case "month": self = .month
        case "day": self = .day
        case "hour": self = .hour
        case "minute": self = .minute
        case "second", "millisecond": self = .second
        default: return nil
        }
    }

    /// The coarsest precision at which a calendar field is known.
    init(neededBy field: CalendarField) {
        self =
            switch field {
            case .year: .year
            case .month, .quarter: .month
            case .day, .weekday, .date, .week: .day
            case .hour: .hour
            case .minute: .minute
            }
    }

    static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Which nodes hold an instant property recorded too coarsely for a calendar field: those of
/// kinds with a `PROPERTY_precision` text coarser than the field needs (``RecordedPrecision``).
struct CoarseInstants {
    /// By kind position, for kinds with such a text: its texts' numbers and, by number, whether
    /// it is too coarse.
    private let kinds: [(codes: TextCodes, coarse: [Bool])?]

    /// The check of `property` for `field`; nil when no kind records the property's precision
    /// (or every precision recorded is fine enough).
    init?(_ property: String, for field: CalendarField, in graph: IncidentGraph) {
        let needed = RecordedPrecision(neededBy: field)
        let name = property + "_precision"
        let kinds = graph.schema.kinds.indices.map { position -> (codes: TextCodes, coarse: [Bool])? in
            guard
                graph.schema.kinds[position].properties.contains(where: { $0.name == property && $0.type == .instant }),
                let codes = graph.textCodes(name, kindIndex: position)
            else { return nil }
            let coarse = (0..<codes.count).map { code in
                RecordedPrecision(codes.text(ofCode: Int32(code))).map { $0 < needed } ?? false
            }
            return coarse.contains(true) ? (codes, coarse) : nil
        }
        guard kinds.contains(where: { $0 != nil }) else { return nil }
        self.kinds = kinds
    }

    /// Whether `node`'s value is recorded too coarsely.
    func isCoarse(_ node: NodeID, in graph: IncidentGraph) -> Bool {
        guard let kind = kinds[graph.kindIndex(of: node)], let code = kind.codes.code(of: node) else { return false }
        return kind.coarse[Int(code)]
    }

    /// For rows of the kind at `position` (-1: no row), whether each one's value is recorded too
    /// coarsely; nil when none of the kind's is.
    func coarseRows(_ rows: [Int32], ofKind position: Int) -> [Bool]? {
        guard let kind = kinds[position] else { return nil }
        return kind.codes.withRowCodes { codes in
            rows.map { row in row >= 0 && codes[Int(row)] >= 0 && kind.coarse[Int(codes[Int(row)])] }
        }
    }
}
