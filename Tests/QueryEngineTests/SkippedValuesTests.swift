import IncidentGraph
import QueryEngine
import Testing

/// Aggregates skip rows with no value; a `summarize` says how many rows each was over.
@Suite("An aggregate over the rows that have a value says so")
struct SkippedValuesTests {
    /// The bundled incidents with and without a `files_exfiltrated` figure.
    static func figures(_ session: Session) throws -> (with: Int, all: Int) {
        let with = try session.rows("incidents | where files_exfiltrated is not null | count").rows.first?.values
        let all = try session.rows("incidents | count").rows.first?.values
        guard case .int(let present)? = with?.first, case .int(let total)? = all?.first else {
            Issue.record("no counts")
            return (0, 0)
        }
        return (present, total)
    }

    @Test("each aggregate that skipped rows is named with the rows it is over, those over as many together")
    func noted() throws {
        let session = try Session()
        let (with, all) = try Self.figures(session)
        #expect(with > 0 && with < all)
        let over = "over the \(with) of \(all) rows that have a value; \(all - with) have none, which aggregates skip"
        // The column read a batch at a time (`sum`, `max`), by value (`avg`, `first`), kept (`median`).
        #expect(
            try session.rows("incidents | summarize avg(files_exfiltrated), n = count()").notes == [
                "`avg(files_exfiltrated)` is \(over)"
            ])
        #expect(
            try session.rows("incidents | summarize total = sum(files_exfiltrated), max(files_exfiltrated) by vector")
                .notes == ["`total` (`sum(files_exfiltrated)`), `max(files_exfiltrated)` are \(over)"])
        #expect(
            try session.rows("incidents | summarize median(files_exfiltrated), first(files_exfiltrated)").notes == [
                "`median(files_exfiltrated)`, `first(files_exfiltrated)` are \(over)"
            ])
    }

    @Test("nothing is said when every row has a value, or the aggregate counts them")
    func quiet() throws {
        let session = try Session()
        #expect(
            try session.rows("incidents | where files_exfiltrated is not null | summarize avg(files_exfiltrated)").notes
                .isEmpty)
        // The rows the `where` leaves out are not rows the aggregate skipped, also when they are
        // left out while grouping (rows a `select` made, kept a stage of its own by `skip 0`).
        #expect(
            try session.rows(
                "incidents | select id, files_exfiltrated | skip 0 | where files_exfiltrated is not null"
                    + " | summarize avg(files_exfiltrated) by id"
            ).notes.isEmpty)
        #expect(try session.rows("incidents | summarize count(), count(files_exfiltrated)").notes.isEmpty)
        #expect(try session.rows("incidents | summarize min(ts), max(ts) by vector").notes.isEmpty)
    }
}
