import IncidentGraph

/// The parameters of the synthetic incident layer: each either a published figure (with its
/// source key) or a stated assumption. docs/synthetic-data.md explains every one.
enum SyntheticModel {
    /// Incidents the NPA counted (S1, S2): the default and reference size.
    static let publishedTotal = 210
    /// Of these, organisations and individuals sent targeted e-mail, campaigns A and C (S1, S10).
    static let publishedEmailCases = 173
    /// Of these, companies and organisations attacked through VPN/edge devices, campaign B (S1, S10).
    static let publishedIntrusions = 37
    /// Incidents of the reported layer that count inside the published totals: the four JAXA
    /// intrusions through VPN devices (S18, S11), taken as four of the 37 intrusion cases (the
    /// NPA counted organisations and did not name them; docs/synthetic-data.md says why).
    static let reportedIntrusions = 4
    /// Synthetic incidents of the bundled set: the published 210 less the reported four.
    static let bundledSize = publishedTotal - reportedIntrusions

    /// The three NPA campaigns as the generator draws them.
    static let campaigns: [CampaignModel] = [
        CampaignModel(
            id: "campaign-a", phase: 1, start: day("2019-12-01"), end: day("2023-07-31"), isEmail: true,
            vectors: [("spear-phishing-attachment", 1)],
            sectors: [("think-tank", 3), ("government", 3), ("politics", 2), ("media", 2)],
            technique: "t1566.001"),
        CampaignModel(
            id: "campaign-b", phase: 2, start: day("2023-02-01"), end: day("2023-10-31"), isEmail: false,
            vectors: [("vpn-device", 0.7), ("web-application", 0.15), ("stolen-credentials", 0.15)],
            sectors: [("semiconductor", 1), ("manufacturing", 1), ("ict", 1), ("academia", 1), ("aerospace", 1)],
            technique: "t1190"),
        // The window of campaign C closes at the end of 2024 (assumption: the advisory of
        // 2025-01-08 counted cases up to then; the NPA called the campaign ongoing).
        CampaignModel(
            id: "campaign-c", phase: 3, start: day("2024-06-01"), end: day("2024-12-31"), isEmail: true,
            vectors: [("spear-phishing-link", 1)],
            sectors: [("academia", 3), ("think-tank", 3), ("politics", 2), ("media", 2)],
            technique: "t1566.002"),
    ]

    /// Share of e-mail cases whose recorded subject is an ordinary one (assumption: senders
    /// sometimes began with benign exchanges, S1, S44), giving the lure scorer negatives.
    static let ordinarySubjectShare = 0.15
    /// Share of subjects written in English rather than Japanese (assumption; the reported
    /// subjects are Japanese, the AkaiRyū EXPO lure English, S27).
    static let englishShare = 0.15
    /// Outcomes: most attacks had no confirmed leak, some data was viewed or stolen (S1);
    /// the shares are assumptions.
    static let outcomes: [(String, Double)] = [("none", 0.80), ("viewed", 0.12), ("stolen", 0.08)]
    /// Default share of timestamps drawn uniformly over all hours and days (assumption;
    /// FireEye saw 75 % of APT1 logins in office blocks, S42).
    static let defaultNoise = 0.10
    /// Most placeholder organisations per sector, however many incidents are generated
    /// (assumption: a long campaign returns to the same targets).
    static let largestSectorPool = 1000
    /// The seed of the bundled set: the date of the NPA advisory.
    static let defaultSeed: UInt64 = 20_250_108

    /// How many of `total` synthetic incidents each campaign gets: with the four reported
    /// intrusions beside them, the published 37 : 173 split (206 synthetic give 33 intrusions
    /// and 173 e-mails, so the graph holds 37, 173 and 210), and the e-mail cases split between
    /// A and C in proportion to their months (44 : 7, assumption: a steady rate of e-mail cases).
    static func counts(total: Int) -> [Int] {
        let scale = Double(total + reportedIntrusions)
        let intrusions = min(
            total,
            max(0, Int((scale * Double(publishedIntrusions) / Double(publishedTotal)).rounded()) - reportedIntrusions))
        let email = total - intrusions
        let monthsA = campaigns[0].months.count
        let monthsC = campaigns[2].months.count
        let campaignC = Int((Double(email) * Double(monthsC) / Double(monthsA + monthsC)).rounded())
        return [email - campaignC, intrusions, campaignC]
    }

    private static func day(_ text: String) -> Day {
        Day(iso8601: text) ?? Day(daysSinceEpoch: 0)
    }
}

/// One NPA campaign as the generator draws it: window, vectors, target sectors, technique.
struct CampaignModel {
    /// Id of the reported campaign node.
    let id: String
    /// The NPA phase it corresponds to: the ground truth `true_phase`.
    let phase: Int
    /// First day of the window (REPORTED month, S12).
    let start: Day
    /// Last day of the window.
    let end: Day
    /// Whether its incidents are targeted e-mails (with a lure) or intrusions.
    let isEmail: Bool
    /// Initial-access vectors and their weights (campaign B's shares are assumptions).
    let vectors: [(String, Double)]
    /// Targeted sectors (REPORTED lists, S7, S12) and their weights (assumptions).
    let sectors: [(String, Double)]
    /// The ATT&CK initial-access technique of its incidents.
    let technique: String

    /// The months of the window as (year, month), in order.
    var months: [(year: Int, month: Int)] {
        var result: [(Int, Int)] = []
        var (year, month, _) = start.components
        let last = end.components
        while (year, month) <= (last.year, last.month) {
            result.append((year, month))
            month += 1
            if month > 12 {
                month = 1
                year += 1
            }
        }
        return result
    }
}
