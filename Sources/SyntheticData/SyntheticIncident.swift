import IncidentGraph

/// One generated incident before it becomes graph records.
struct SyntheticIncident {
    /// Index of its campaign in ``SyntheticModel/campaigns``.
    let campaignIndex: Int
    /// Order of drawing within its batch, to break ties in time deterministically.
    let drawOrder: Int
    let ts: Instant
    /// `schedule` when drawn from working time, `noise` when drawn from any time.
    let drawnFrom: String
    let sector: String
    let vector: String
    let lure: SyntheticLure?
    let outcome: String
    let filesExfiltrated: Int?
    let accountsCompromised: Int?
    let malware: [String]
    let vulnerability: String?
}

/// One generated e-mail subject with its attachment and ground truth.
struct SyntheticLure {
    let subject: String
    let subjectEnglish: String
    /// Topic theme, or `ordinary` for a negative.
    let theme: String
    let cue: String?
    let language: String
    let attachment: String?
    let delivery: String
    /// Ground truth: a geopolitical lure (true) or an ordinary subject (false).
    let isLure: Bool

    /// A stable id from the subject and its attachment: the same lure sent to several targets
    /// is one node.
    let id: String

    init(
        subject: String, subjectEnglish: String, theme: String, cue: String?, language: String, attachment: String?,
        delivery: String, isLure: Bool
    ) {
        self.subject = subject
        self.subjectEnglish = subjectEnglish
        self.theme = theme
        self.cue = cue
        self.language = language
        self.attachment = attachment
        self.delivery = delivery
        self.isLure = isLure
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in (subject + "\u{1F}" + (attachment ?? "") + "\u{1F}" + delivery).utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        id = "lure-s" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
