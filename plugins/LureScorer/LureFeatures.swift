/// What the scorer sees in a subject and its attachment name: the themes it mentions, the
/// cues it uses, and how risky the attachment looks. Each is a named yes/no feature (see
/// ``LureLexicon/featureNames``) whose weight the model has learned.
struct LureFeatures: Equatable {
    /// The features present, as a bit set over the lexicon's feature names.
    private(set) var present: UInt64 = 0
    /// Theme ids mentioned.
    private(set) var themes: [String] = []
    /// The subject's grams (``LureGrams``), by hash.
    private(set) var grams: [UInt64] = []

    init(subject: String, attachment: String?, lexicon: LureLexicon) {
        func set(_ feature: Int) { present |= 1 << UInt64(feature) }
        func set(_ feature: LureLexicon.Fixed) { set(feature.rawValue) }
        let text = LureText(subject)
        let matchable = LureText.matchable(text.text)
        let found = lexicon.matcher.groups(in: matchable)
        grams = LureGrams.hashes(in: matchable)
        for (index, theme) in lexicon.themes.enumerated() where found & (1 << UInt64(index)) != 0 {
            themes.append(theme.id)
        }
        if !themes.isEmpty { set(.theme) }
        if themes.count > 1 { set(.severalThemes) }
        let cues = found >> UInt64(lexicon.themes.count)
        for index in lexicon.cues.indices where cues & (1 << UInt64(index)) != 0 { set(lexicon.cueFeature(index)) }
        if cues != 0, !themes.isEmpty { set(.themeWithCue) }
        if text.text.unicodeScalars.contains(where: { $0 == "【" || $0 == "[" }) { set(.bracketedLabel) }
        if text.wasReplyOrForward { set(.replyOrForward) }
        if let attachment, !attachment.allSatisfy(\.isWhitespace) {
            let file = LureText(attachment).text
            set(.attachment)
            for (index, risk) in lexicon.attachments.enumerated()
            where risk.endings.contains(where: { file.utf8.reversed().starts(with: $0.utf8.reversed()) }) {
                set(lexicon.attachmentFeature(index))
            }
            let parts = file.split(separator: ".")
            if parts.count >= 3, let last = parts.last, last.count <= 4 { set(.doubleExtension) }
        }
    }

    /// The names of the subject's grams (`c:意見`, `w:your views`), for fitting and explaining.
    static func gramNames(subject: String) -> [String] {
        LureGrams.names(in: LureText.matchable(LureText(subject).text))
    }

    /// Positions of the features present, in order.
    var positions: [Int] { (0..<64).filter { present & (1 << UInt64($0)) != 0 } }

    /// Names of the features present, in order.
    func names(in lexicon: LureLexicon) -> [String] { positions.map { lexicon.featureNames[$0] } }
}
