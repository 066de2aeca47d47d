import IncidentGraph
import Testing

@Suite("Instants, dates and durations")
struct ValueTests {
    @Test(
        "ISO 8601 instants with a zone",
        arguments: [
            ("2023-06-01T09:30:00Z", "2023-06-01T09:30:00Z"),
            ("2023-06-01T09:30Z", "2023-06-01T09:30:00Z"),
            ("2023-06-01T17:30:00+08:00", "2023-06-01T09:30:00Z"),
            ("2024-01-01T01:00:00+09:00", "2023-12-31T16:00:00Z"),
            ("2024-02-29T23:59:59.250-05:00", "2024-03-01T04:59:59.250Z"),
            ("1969-12-31T23:00:00Z", "1969-12-31T23:00:00Z"),
        ])
    func instants(text: String, utc: String) throws {
        #expect(try #require(Instant(iso8601: text)).iso8601 == utc)
    }

    @Test(
        "malformed instants are refused",
        arguments: [
            "2023-06-01", "2023-06-01T09:30", "2023-13-01T00:00Z", "2023-02-30T00:00Z", "2023-06-01T24:00Z",
            "2023-06-01T09:30:00+0800", "yesterday", "",
        ])
    func badInstants(text: String) {
        #expect(Instant(iso8601: text) == nil)
    }

    @Test("a file's instants, read where their bytes lie, mean what the text's scanner reads")
    func instantsFromBytes() {
        var texts: [String] = ["2023-06-01T09:30:00+00:00", "2023-06-01 09:30:00Z", "2023-06-01T09:30:00.5Z"]
        for year in ["0000", "0001", "1969", "1970", "2024", "9999", "20x4"] {
            for month in ["00", "01", "02", "12", "13"] {
                for day in ["00", "01", "28", "29", "30", "31", "32"] {
                    for (hours, minutes, seconds) in [
                        ("00", "00", "00"), ("23", "59", "59"), ("24", "00", "00"),
                        ("12", "60", "00"), ("12", "00", "60"), ("1:", "00", "00"),
                    ] {
                        texts.append("\(year)-\(month)-\(day)T\(hours):\(minutes):\(seconds)Z")
                    }
                }
            }
        }
        for text in texts {
            var bytes = text
            let fromBytes = bytes.withUTF8 { Instant(iso8601: $0) }
            #expect(fromBytes == Instant(iso8601: text), "\(text)")
        }
        #expect(texts.contains { Instant(iso8601: $0) != nil } && texts.contains { Instant(iso8601: $0) == nil })
    }

    @Test("dates round-trip and know leap years")
    func days() throws {
        #expect(try #require(Day(iso8601: "2024-02-29")).iso8601 == "2024-02-29")
        #expect(Day(iso8601: "2023-02-29") == nil)
        #expect(Day(iso8601: "2023-6-1") == nil)
        #expect(try #require(Day(iso8601: "1970-01-01")).daysSinceEpoch == 0)
    }

    @Test("durations parse and print in largest units")
    func spans() throws {
        #expect(try #require(TimeSpan(text: "90d 12h")).seconds == 90 * 86_400 + 12 * 3_600)
        #expect(try #require(TimeSpan(text: "2w")).text == "14d")
        #expect(TimeSpan(text: "12 hours") == nil)
        #expect(TimeSpan(seconds: 0).text == "0s")
    }
}
