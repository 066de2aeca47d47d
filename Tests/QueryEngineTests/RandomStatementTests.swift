import Foundation
import IncidentGraph
import Testing
import Workbench

/// Thousands of statements made by mutating valid ones: each must run or give a diagnostic,
/// never crash, and never take long. Seeded, so a failure can be replayed with
/// `KAGAMI_FUZZ_SEED` (and widened with `KAGAMI_FUZZ_ROUNDS`).
@Suite("Randomised statements")
struct RandomStatementTests {
    static let seeds = [
        #"incidents | where campaign.phase == 2 and target.sector in ["semiconductor", "academia"] | count by target.sector"#,
        "incidents | where ts in 2023-02..2023-10 | sort ts desc | take 5 | select id, ts, target.name, lure.subject",
        "@jaxa | in targeted | select id, ts, vector, files_exfiltrated",
        "@mirrorface | out linked_to *1..2 | select name, kind",
        #"match (i:incident)-[:used_lure]->(l:lure) where l.theme == "taiwan-strait" | count by year(i.ts)"#,
        "path @jaxa -> @mss max 4",
        "let p3 = incidents | where ts >= 2024-06-01",
        #"hour(2024-06-03T01:30Z, "Asia/Shanghai")"#,
        "incidents | summarize count() as n, sum(files_exfiltrated) as files, avg(files_exfiltrated) by year(ts), vector",
        "incidents | extend h = hour(ts), d = weekday(ts) | where h between 9 and 17 | distinct d",
        #"lures | where subject contains "日米" or subject_en ~ "(?i)alliance" | top 3 by subject desc"#,
        "def fn twice(x) = x * 2",
        "nodes | where kind == \"actor\" | both *2 | count by kind",
        "edges | where label == \"targeted\" | take 3",
        "[1, 2.5, \"x\", null, 2024-01, 90d 12h][1] + 1",
        "match (a:actor), (b:campaign) | count",
    ]

    static let fragments = [
        "|", "(", ")", "[", "]", "{", "}", ",", ".", "..", "==", "=", "<", ">", "+", "-", "*", "/", "%", "~", "@", "\"",
        "'", "#",
        " where ", " select ", " count ", " by ", " take 0", " sort ", " desc", " and ", " or ", " not ", " in ",
        " is null",
        "ts", "@jaxa", "@nobody", "2023-13-40", "99999999999999999999", "1e9", "*1..9", " match ", " path ", "日米",
        "\u{0}",
        "\\u{FFFFFFFF}", "lower(", "any(x, y => ", "((((((((((", "]]]]", "\n", "let ", "def stage s(n) = take n", "=>",
        #" ~ "(a+)+$""#, #" ~ "(.*)*x""#, "+)*", " heatmap ts by ts", " timeline by day",
    ]

    @Test("mutated statements run or fail with a diagnostic, quickly")
    func mutations() throws {
        let workspace = Workspace(document: try BundledData.mirrorFace())
        var random = SeededStatements(
            seed: UInt64(ProcessInfo.processInfo.environment["KAGAMI_FUZZ_SEED"] ?? "") ?? 2025)
        let rounds = Int(ProcessInfo.processInfo.environment["KAGAMI_FUZZ_ROUNDS"] ?? "") ?? 3_000
        var slowest = 0.0
        for round in 0..<rounds {
            var text = Array(Self.seeds[round % Self.seeds.count])
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0...text.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where !text.isEmpty: text.remove(at: min(position, text.count - 1))
                case 1: text.insert(contentsOf: Self.fragments.randomElement(using: &random) ?? "", at: position)
                case 2 where text.count > 2:
                    let end = Int.random(in: position...text.count, using: &random)
                    text.insert(contentsOf: text[position..<end], at: end)
                default: text.insert(contentsOf: Self.seeds.randomElement(using: &random) ?? "", at: position)
                }
            }
            let statement = String(text)
            let start = Date()
            let outcome = workspace.execute(statement)
            slowest = max(slowest, Date().timeIntervalSince(start))
            #expect(outcome.succeeded || outcome.error?.hasPrefix("error: ") == true, "\(statement)")
            #expect(Date().timeIntervalSince(start) < 10, "slow: \(statement)")
        }
        #expect(slowest < 10)
    }
}

/// SplitMix64, so that a failing round can be replayed (`KAGAMI_FUZZ_SEED`).
struct SeededStatements: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
