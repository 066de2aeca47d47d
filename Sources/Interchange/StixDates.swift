import IncidentGraph

/// The times a STIX export gives its objects, taken from the data rather than the clock, so
/// that a bundle is the same every time it is made:
///
/// - a source's `published`: the date in its title (`…, 2025-01-09`, `2024-11`, `(2025)`),
///   to the start of the day, month or year given;
/// - an object's `created` and `modified`: the newest publication date among the sources it
///   cites (when the fact was last reported), else the date of the newest source in the graph
///   (the data cannot be older than that) — synthetic and imported records included.
struct StixDates {
    let graph: IncidentGraph
    /// Publication dates of the source nodes, by id.
    private let sourceDates: [String: String]
    /// The newest source date in the graph: the bundle's own date.
    let bundleDate: String

    init(graph: IncidentGraph) {
        self.graph = graph
        var dates: [String: String] = [:]
        for source in graph.nodes(ofKind: "source") {
            if let date = Self.date(in: graph.value("title", of: source).stringValue ?? "") {
                dates[graph.id(of: source)] = date
            }
        }
        sourceDates = dates
        bundleDate = dates.values.max() ?? "2000-01-01T00:00:00.000Z"
    }

    /// `created`/`modified` of a node's object.
    func date(of node: NodeID) -> String {
        date(of: graph.provenance(of: node))
    }

    /// `created`/`modified` of an object with this provenance.
    func date(of provenance: Provenance) -> String {
        provenance.sources.compactMap { sourceDates[$0] }.max() ?? bundleDate
    }

    /// A source's publication date, when its title gives one.
    func published(_ source: NodeID) -> String? {
        sourceDates[graph.id(of: source)]
    }

    /// The first date written in a text, as a STIX timestamp at the start of its period:
    /// `2025-01-09`, else `2025-01`, else a year from 1990 to 2099.
    static func date(in text: String) -> String? {
        let characters = Array(text.utf8)
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start >= 0, start + count <= characters.count else { return nil }
            var value = 0
            for byte in characters[start..<start + count] {
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func isDigit(_ index: Int) -> Bool {
            index >= 0 && index < characters.count && characters[index] >= 48 && characters[index] <= 57
        }
        func dash(_ index: Int) -> Bool { index < characters.count && characters[index] == UInt8(ascii: "-") }
        var yearOnly: String?
        for start in characters.indices where !isDigit(start - 1) {
            guard let year = digits(start, 4), (1990...2099).contains(year), !isDigit(start + 4) else { continue }
            if dash(start + 4), let month = digits(start + 5, 2), (1...12).contains(month), !isDigit(start + 7) {
                if dash(start + 7), let day = digits(start + 8, 2), (1...31).contains(day), !isDigit(start + 10) {
                    return Self.timestamp(year, month, day)
                }
                return Self.timestamp(year, month, 1)
            }
            yearOnly = yearOnly ?? Self.timestamp(year, 1, 1)
        }
        return yearOnly
    }

    /// Midnight UTC at the start of a day.
    static func start(of day: Day) -> String {
        day.iso8601 + "T00:00:00.000Z"
    }

    /// The last millisecond of a day: a window's last day is included whole.
    static func end(of day: Day) -> String {
        day.iso8601 + "T23:59:59.999Z"
    }

    /// An instant as a STIX timestamp.
    static func timestamp(_ instant: Instant) -> String {
        let text = instant.iso8601
        return text.hasSuffix("Z") && !text.contains(".") ? String(text.dropLast()) + ".000Z" : text
    }

    /// The last millisecond of the period an instant stands for at a precision: the instant
    /// itself for `second`, the end of its day or month otherwise (a month-precision date is
    /// not an exact midnight).
    static func end(of instant: Instant, precision: String) -> String {
        let day = instant.day
        switch precision {
        case "day": return end(of: day)
        case "month":
            let (year, month, _) = day.components
            let next = month == 12 ? (year + 1, 1) : (year, month + 1)
            let last = Day(iso8601: timestampDay(next.0, next.1, 1)).map { Day(daysSinceEpoch: $0.daysSinceEpoch - 1) }
            return last.map(end(of:)) ?? end(of: day)
        default: return timestamp(instant)
        }
    }

    private static func timestamp(_ year: Int, _ month: Int, _ day: Int) -> String {
        timestampDay(year, month, day) + "T00:00:00.000Z"
    }

    private static func timestampDay(_ year: Int, _ month: Int, _ day: Int) -> String {
        String(year) + "-" + (month < 10 ? "0" : "") + String(month) + "-" + (day < 10 ? "0" : "") + String(day)
    }
}
