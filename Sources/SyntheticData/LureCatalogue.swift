import Foundation
import IncidentGraph

/// What lure subjects are made of: the reported themes and cues in Japanese and English, the
/// ordinary subjects used as negatives, and the attachment forms reported per period.
enum LureCatalogue {
    /// A topic a lure is about.
    struct Theme {
        let id: String
        let japanese: String
        let english: String
        /// Days the theme can occur on (a war cannot be a lure before it starts).
        let period: ClosedRange<Day>

        init(id: String, japanese: String, english: String, from: String, until: String) {
            self.id = id
            self.japanese = japanese
            self.english = english
            let first = Day(iso8601: from) ?? Day(daysSinceEpoch: 0)
            period = first...max(first, Day(iso8601: until) ?? first)
        }
    }

    /// A way of asking: invitation, interview request, report to review …
    struct Cue {
        let id: String
        /// Japanese subject with `{}` for the topic.
        let japanese: String
        /// English subject with `{}` for the topic.
        let english: String
        /// File-name stem of its attachment.
        let stemJapanese: String
        let stemEnglish: String

        private let japaneseParts: (String, String)
        private let englishParts: (String, String)

        init(id: String, japanese: String, english: String, stemJapanese: String, stemEnglish: String) {
            self.id = id
            self.japanese = japanese
            self.english = english
            self.stemJapanese = stemJapanese
            self.stemEnglish = stemEnglish
            japaneseParts = Self.split(japanese)
            englishParts = Self.split(english)
        }

        /// The subject about a topic, in Japanese or English.
        func subject(_ topic: String, english inEnglish: Bool) -> String {
            let (before, after) = inEnglish ? englishParts : japaneseParts
            return before + topic + after
        }

        /// The text before and after the `{}` hole.
        private static func split(_ pattern: String) -> (String, String) {
            guard let hole = pattern.range(of: "{}") else { return (pattern, "") }
            return (String(pattern[..<hole.lowerBound]), String(pattern[hole.upperBound...]))
        }
    }

    /// Reported themes (S1, S4, S5, S44) and related ones the lure scorer covers.
    static let themes: [String: Theme] = Dictionary(
        uniqueKeysWithValues: [
            Theme(
                id: "us-japan-alliance", japanese: "日米同盟", english: "the Japan-U.S. alliance", from: "2019-01-01",
                until: "2099-12-31"),
            Theme(
                id: "taiwan-strait", japanese: "台湾海峡", english: "the Taiwan Strait", from: "2019-01-01",
                until: "2099-12-31"),
            Theme(
                id: "russia-ukraine-war", japanese: "ロシア・ウクライナ戦争", english: "the Russia-Ukraine war",
                from: "2022-02-24", until: "2099-12-31"),
            Theme(
                id: "free-and-open-indo-pacific", japanese: "自由で開かれたインド太平洋", english: "a Free and Open Indo-Pacific",
                from: "2019-01-01", until: "2099-12-31"),
            Theme(
                id: "international-affairs", japanese: "国際情勢と日本外交",
                english: "international affairs and Japanese diplomacy", from: "2019-01-01", until: "2099-12-31"),
            Theme(
                id: "north-korea", japanese: "北朝鮮情勢", english: "the situation in North Korea", from: "2019-01-01",
                until: "2099-12-31"),
            Theme(
                id: "economic-security", japanese: "経済安全保障", english: "economic security", from: "2019-01-01",
                until: "2099-12-31"),
            Theme(
                id: "export-controls", japanese: "輸出管理", english: "export controls", from: "2019-01-01",
                until: "2099-12-31"),
            Theme(
                id: "china-japan-relations", japanese: "日中関係", english: "China-Japan relations", from: "2019-01-01",
                until: "2099-12-31"),
            Theme(
                id: "elections-and-party-affairs", japanese: "参議院選挙", english: "the House of Councillors election",
                from: "2022-04-01", until: "2022-07-10"),
            Theme(
                id: "expo-2025", japanese: "大阪・関西万博", english: "the EXPO 2025 Osaka, Kansai", from: "2024-01-01",
                until: "2099-12-31"),
            Theme(
                id: "covid-19", japanese: "新型コロナウイルス感染症", english: "COVID-19", from: "2020-01-15", until: "2021-12-31"),
        ].map { ($0.id, $0) })

    /// Cues: reported study-group invitations and interview requests (S4, S5, S6), archive
    /// recommendations (S5), and document, opinion and urgency cues.
    static let cues: [String: Cue] = Dictionary(
        uniqueKeysWithValues: [
            Cue(
                id: "study-group-invitation", japanese: "{}に関する勉強会のご案内", english: "Invitation: study group on {}",
                stemJapanese: "勉強会のご案内", stemEnglish: "Study group invitation"),
            Cue(
                id: "interview-request", japanese: "【取材のご依頼】{}について", english: "Interview request: {}",
                stemJapanese: "取材依頼書", stemEnglish: "Interview request"),
            Cue(
                id: "archive-recommendation", japanese: "所蔵資料のおすすめ：{}", english: "Recommended archive materials: {}",
                stemJapanese: "所蔵資料一覧", stemEnglish: "Archive materials"),
            Cue(
                id: "report-review", japanese: "{}に関する報告書（ご確認のお願い）", english: "Report on {} - please review",
                stemJapanese: "報告書", stemEnglish: "Report"),
            Cue(
                id: "views-request", japanese: "{}についてご意見をお聞かせください", english: "Your views on {}",
                stemJapanese: "ご意見シート", stemEnglish: "Questionnaire"),
            Cue(
                id: "materials", japanese: "【至急】{}関連資料の送付", english: "[Urgent] Materials on {}", stemJapanese: "資料",
                stemEnglish: "Materials"),
            Cue(
                id: "minutes", japanese: "{}研究会 議事録", english: "Minutes: working group on {}", stemJapanese: "議事録",
                stemEnglish: "Minutes"),
            Cue(
                id: "panelists", japanese: "【重要】{}シンポジウム パネリスト候補一覧",
                english: "[Important] Panelist candidates: symposium on {}", stemJapanese: "パネリスト候補",
                stemEnglish: "Panelists"),
        ].map { ($0.id, $0) })

    /// Themes and cues each campaign draws from, with weights (assumptions; campaign C's
    /// reported subjects are the interview request, international affairs and archive ones, S5, S6).
    static let themeWeights: [String: [(String, Double)]] = [
        "campaign-a": [
            ("us-japan-alliance", 3), ("taiwan-strait", 3), ("russia-ukraine-war", 2),
            ("free-and-open-indo-pacific", 2),
            ("north-korea", 2), ("china-japan-relations", 2), ("economic-security", 1), ("international-affairs", 1),
            ("elections-and-party-affairs", 1), ("covid-19", 1),
        ],
        "campaign-c": [
            ("international-affairs", 3), ("us-japan-alliance", 2), ("taiwan-strait", 2), ("russia-ukraine-war", 1),
            ("free-and-open-indo-pacific", 1), ("expo-2025", 1), ("export-controls", 1), ("economic-security", 1),
            ("north-korea", 1),
        ],
    ]
    static let cueWeights: [String: [(String, Double)]] = [
        "campaign-a": [
            ("study-group-invitation", 3), ("report-review", 2), ("views-request", 2), ("materials", 2), ("minutes", 1),
            ("panelists", 1),
        ],
        "campaign-c": [
            ("interview-request", 3), ("archive-recommendation", 2), ("study-group-invitation", 1),
            ("report-review", 1),
        ],
    ]

    /// Ordinary subjects (negatives), Japanese and English; some share words with lures on purpose.
    static let ordinary: [(japanese: String, english: String)] = [
        ("会議室の予約について", "Meeting room booking"),
        ("来週の打ち合わせ日程の件", "Scheduling next week's meeting"),
        ("請求書送付のご案内", "Invoice enclosed"),
        ("年末年始の休業日のお知らせ", "Office closure over the New Year holidays"),
        ("Re: 先日はありがとうございました", "Re: Thank you for the other day"),
        ("原稿締め切りのご連絡", "Manuscript deadline"),
        ("学内ネットワークメンテナンスのお知らせ", "Campus network maintenance notice"),
        ("出張報告書の提出について", "Submitting your trip report"),
        ("研究室ミーティング議事録", "Lab meeting minutes"),
        ("取材日程の再調整のお願い", "Rescheduling the interview"),
        ("健康診断のご案内", "Annual health check"),
        ("Re: 資料ありがとうございます", "Re: Thanks for the materials"),
    ]

    /// The attachment of a lure sent on a day: Word documents with macros (2019–2021, S23,
    /// S24), self-extracting archives (2022, S25), password-protected archives (2023, S6),
    /// and for link lures a `.docx.lnk` inside a downloaded ZIP (2024, S27, S28).
    static func attachment(stem: String, delivery: String, on day: Day) -> String {
        if delivery == "link" { return stem + ".docx.lnk" }
        switch day.components.year {
        case ...2021: return stem + ".docx"
        case 2022: return stem + ".exe"
        default: return stem + ".zip"
        }
    }

    /// Whether a theme can occur on a day.
    static func isCurrent(_ theme: Theme, on day: Day) -> Bool {
        theme.period.contains(day)
    }
}
