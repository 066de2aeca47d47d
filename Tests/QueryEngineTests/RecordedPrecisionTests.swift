import IncidentGraph
import PluginAPI
import QueryEngine
import Testing

/// Calendar fields of an instant recorded only to the month (`ts_precision`): the four reported
/// JAXA intrusions are stored as the month's first midnight, and their hour, day or weekday is
/// not known.
@Suite("Calendar fields finer than a timestamp's recorded precision")
struct RecordedPrecisionTests {
    let session: Session

    init() throws {
        session = try Session()
    }

    private func values(_ statement: String) throws -> [[Value]] {
        try session.rows(statement).rows.map(\.values)
    }

    @Test("hour, minute, day, weekday, week and date of a month are null; month, quarter and year are known")
    func fieldsOfAMonth() throws {
        let fields = try values(
            #"incidents | where ts_precision == "month" | select hour(ts), minute(ts), day(ts), weekday(ts), week(ts), date(ts), hour(ts, "Asia/Tokyo"), month(ts), quarter(ts), year(ts)"#
        )
        #expect(fields.count == 4)
        for row in fields {
            #expect(row.prefix(7).allSatisfy(\.isNull) && row.suffix(3).allSatisfy { !$0.isNull }, "\(row)")
        }
        // Recorded to the second: every field known.
        let precise = try values(#"incidents | where ts_precision == "second" | select hour(ts), date(ts) | take 3"#)
        #expect(precise.count == 3 && precise.allSatisfy { $0.allSatisfy { !$0.isNull } })
        // Read through a pattern's variable as well.
        let matched = try values(
            #"match (i:incident)-[:targeted]->(o:org) | where i.ts_precision == "month" | select hour(i.ts), year(i.ts)"#
        )
        #expect(matched.count == 4 && matched.allSatisfy { $0[0].isNull && !$0[1].isNull })
    }

    @Test("column by column and row by row, conditions, groups and sorts leave the unknown hours out alike")
    func everyPath() throws {
        func count(_ statement: String) throws -> Value { try values(statement).first?.last ?? .null }
        // `where` on the column (hours worked out a batch at a time) and on an extended column.
        let byColumn = try count("incidents | where hour(ts) == 0 | count")
        #expect(byColumn == (try count("incidents | extend h = hour(ts) | where h == 0 | count")))
        #expect(byColumn == (try count(#"incidents | where hour(ts) == 0 and ts_precision == "second" | count"#)))
        // The time index reads 2023-06-01's instants; the day of a month is not that day.
        #expect(try count("incidents | where date(ts) == 2023-06-01 | count") == .int(0))
        // Groups: the four under no hour, as many as are recorded to the month.
        let groups = try values("incidents | count by hour(ts)")
        #expect(groups.contains { $0 == [.null, .int(4)] }, "\(groups)")
        let weekdays = try values(#"incidents | count by weekday(ts, "Asia/Shanghai")"#)
        #expect(weekdays.contains { $0 == [.null, .int(4)] }, "\(weekdays)")
        // Sorted by hour: unknown hours last, as nulls are.
        let sorted = try values("incidents | sort hour(ts) desc | select id, hour(ts)")
        #expect(sorted.suffix(4).allSatisfy { $0[1].isNull } && !sorted[sorted.count - 5][1].isNull)
    }

    @Test("a timeline by day or week leaves out what is known only to the month, and says so")
    func timelines() throws {
        let byDay = try session.rows("incidents | timeline by day")
        let counted = byDay.rows.reduce(0) { total, row in
            if case .int(let count) = row.values[1] { total + count } else { total }
        }
        #expect(counted == 206)
        #expect(byDay.notes == ["4 nodes left out: time recorded too coarsely for a timeline by day"])
        let byMonth = try session.rows("incidents | timeline by month")
        #expect(byMonth.notes.isEmpty)
        let allMonths = byMonth.rows.reduce(0) { total, row in
            if case .int(let count) = row.values[1] { total + count } else { total }
        }
        #expect(allMonths == 210)
        let none = session.diagnostic(#"incidents | where ts_precision == "month" | timeline by week"#)
        #expect(none?.message == "the time of every node here is recorded too coarsely for a timeline by week")
    }
}
