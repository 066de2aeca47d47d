/// What `:help NAME` says of each of the language's own functions and aggregates: how it is
/// called, what it returns, and an example over the bundled data that the tests run.
public struct BuiltInHelp: Sendable {
    /// The function's name.
    public let name: String
    /// How it is called: `hour(instant [, zone])`.
    public let synopsis: String
    /// What it returns.
    public let summary: String
    /// A statement that uses it.
    public let example: String
    /// Whether it is an aggregate (valid in `summarize` only).
    public let isAggregate: Bool

    /// The help of a built-in function or aggregate by name.
    public static func entry(named name: String) -> BuiltInHelp? {
        all.first { $0.name == name }
    }

    /// Every built-in function, then every aggregate.
    public static let all: [BuiltInHelp] = functions + aggregates

    private static let functions: [BuiltInHelp] = [
        function(
            "lower", "lower(text)", "the text in lower case",
            "lures | where lower(subject_en) contains \"taiwan\" | count"),
        function("upper", "upper(text)", "the text in upper case", "upper(\"mirrorface\")"),
        function(
            "len", "len(text | list)", "characters in the text (Unicode characters), or elements in the list",
            "len(\"台湾海峡\")"),
        function("trim", "trim(text)", "the text without white space at either end", "trim(\"  JAXA  \")"),
        function(
            "split", "split(text, separator)", "the list of the text's parts between separators",
            "split(\"a,b,c\", \",\")"),
        function(
            "join", "join(list [, separator])", "the elements as text, joined by the separator (\", \" by default)",
            "actors | select id, join(aliases, \" / \")"),
        function(
            "coalesce", "coalesce(value, …)", "the first argument that is not null",
            "actors | select id, coalesce(attack_id, \"none\")"),
        function("abs", "abs(number)", "the number without its sign", "abs(-3)"),
        function(
            "round", "round(number [, digits])",
            "the number rounded half away from zero, to `digits` decimals (0 by default)", "round(2.345, 2)"),
        function("floor", "floor(number)", "the largest whole number not above it", "floor(2.7)"),
        function("ceil", "ceil(number)", "the smallest whole number not below it", "ceil(2.1)"),
        function("size", "size(list)", "the number of elements of the list", "actors | select id, size(aliases)"),
        function(
            "year", "year(instant [, zone])", "the year, in UTC or the IANA zone given", "incidents | count by year(ts)"
        ),
        function("month", "month(instant [, zone])", "the month, 1–12", "month(2024-06-03T01:30Z, \"Asia/Tokyo\")"),
        function(
            "day", "day(instant [, zone])", "the day of the month, 1–31", "day(2024-06-30T20:00Z, \"Asia/Tokyo\")"),
        function(
            "hour", "hour(instant [, zone])", "the hour, 0–23, in UTC or the IANA zone given",
            "hour(2024-06-03T01:30Z, \"Asia/Shanghai\")"),
        function("minute", "minute(instant [, zone])", "the minute, 0–59", "minute(2024-06-03T01:30Z)"),
        function(
            "weekday", "weekday(instant [, zone])", "the day of the week, 1 (Monday) … 7 (Sunday)",
            "incidents | count by weekday(ts, \"Asia/Shanghai\")"),
        function(
            "date", "date(instant [, zone])", "the calendar date in UTC or the zone given",
            "date(2024-06-03T20:00Z, \"Asia/Tokyo\")"),
        function("week", "week(instant [, zone])", "the ISO 8601 week number, 1–53", "week(2024-06-03T01:30Z)"),
        function(
            "quarter", "quarter(instant [, zone])", "the quarter of the year, 1–4",
            "incidents | count by year(ts), quarter(ts)"),
        function(
            "now", "now()",
            "the instant the statement began, the same on every row (a replayed session gives another answer)",
            "incidents | where ts < now() | count"),
        function(
            "days_between", "days_between(a, b)", "whole days from a to b (negative when b is earlier)",
            "days_between(2024-01-01, 2024-03-01)"),
        function(
            "any", "any(list, x => condition)", "whether the condition holds for at least one element",
            "any([1, 2, 3], x => x > 2)"),
        function(
            "all", "all(list, x => condition)", "whether the condition holds for every element",
            "all([1, 2, 3], x => x > 0)"),
    ]

    private static let aggregates: [BuiltInHelp] = [
        aggregate("count", "count()", "the rows in the group", "incidents | summarize count() by vector"),
        aggregate(
            "sum", "sum(number)", "the total of the numbers (nulls skipped)",
            "incidents | summarize sum(hour(ts)) by vector"),
        aggregate(
            "avg", "avg(number)", "the mean of the numbers (nulls skipped)",
            "incidents | summarize avg(hour(ts, \"Asia/Shanghai\")) by year(ts)"),
        aggregate("min", "min(value)", "the smallest value", "incidents | summarize min(ts), max(ts) by campaign"),
        aggregate("max", "max(value)", "the largest value", "incidents | summarize max(ts) by vector"),
        aggregate(
            "median", "median(number)", "the middle value (the mean of the two middle ones for an even count)",
            "incidents | summarize median(hour(ts)) by year(ts)"),
        aggregate(
            "collect", "collect(value)", "the group's values as a list, in row order",
            "incidents | where campaign.phase == 2 | summarize collect(id) by vector"),
        aggregate(
            "distinct_count", "distinct_count(value)", "how many different values the group has",
            "incidents | summarize distinct_count(target) by campaign"),
        aggregate(
            "first", "first(value)", "the value of the group's first row",
            "incidents | sort ts | summarize first(id) by campaign"),
        aggregate(
            "last", "last(value)", "the value of the group's last row",
            "incidents | sort ts | summarize last(id) by campaign"),
    ]

    private static func function(_ name: String, _ synopsis: String, _ summary: String, _ example: String)
        -> BuiltInHelp
    {
        BuiltInHelp(name: name, synopsis: synopsis, summary: summary, example: example, isAggregate: false)
    }

    private static func aggregate(_ name: String, _ synopsis: String, _ summary: String, _ example: String)
        -> BuiltInHelp
    {
        BuiltInHelp(name: name, synopsis: synopsis, summary: summary, example: example, isAggregate: true)
    }
}
