import Foundation
import PluginAPI

/// Scores e-mail subjects (and attachment names) in Japanese and English as geopolitical
/// spear-phishing lures (`score lures`, `lure_score(text)`, `lure_themes(text)`), explains
/// each score, and measures itself on a held-out corpus (`:plugins eval lure-scorer`).
public struct LureScorerPlugin: Plugin {
    /// `lure-scorer`.
    public let name = "lure-scorer"
    /// Its version.
    public let version = "1.0.0"
    /// What it does.
    public let summary = "scores Japanese and English e-mail subjects as geopolitical lures, and says why"
    /// Written against plugin interface 1.
    public let supportedInterfaceVersions = 1...1

    /// The plugin.
    public init() {}

    /// `Data/defaults.json`: the threshold for precision and recall.
    public func defaultConfiguration() throws(PluginError) -> String? {
        String(decoding: try LureScorerFiles.data("defaults"), as: UTF8.self)
    }

    /// Registers `score lures`, `lure_score`, `lure_themes`, the evaluation, help and self-tests.
    public func register(into registrar: inout PluginRegistrar) throws(PluginError) {
        let lexicon = try LureLexicon(json: try LureScorerFiles.data("lexicon"))
        let model = try LureModel(json: try LureScorerFiles.data("weights"), lexicon: lexicon)
        let threshold = registrar.configuration.number("threshold", or: 50)
        let scorer = LureScorer(lexicon: lexicon, model: model)

        registrar.stage(
            StageDefinition(
                StageSignature(
                    words: ["score", "lures"], acceptsOptionWords: true, grammar: "score lures [on COLUMN]",
                    summary: "add lure_score (0-100), lure_themes and lure_why to lures, incidents or a subject column",
                    columns: .adds(["lure_score", "lure_themes", "lure_why"]))
            ) { call throws(PluginError) in try scorer.scoreRows(call) })
        registrar.function(
            FunctionDefinition(
                "lure_score",
                parameters: [Parameter("subject", .string), Parameter("attachment", .string, optional: true)],
                summary: "how much a subject (and attachment name) looks like a geopolitical lure, 0-100"
            ) { call throws(PluginError) in
                guard case .string(let subject) = call.arguments[0] else { return .null }
                let attachment = call.arguments.count > 1 ? call.arguments[1].stringValue : nil
                return .int(scorer.score(subject, attachment))
            })
        registrar.function(
            FunctionDefinition(
                "lure_themes", parameters: [Parameter("subject", .string)],
                summary: "the lure themes a subject mentions"
            ) { call throws(PluginError) in
                guard case .string(let subject) = call.arguments[0] else { return .null }
                return .list(
                    LureFeatures(subject: subject, attachment: nil, lexicon: lexicon).themes.map(Value.string))
            })
        registrar.evaluation(
            summary:
                "ROC AUC, precision and recall on fresh and held-out subjects (out-of-model) and on its own corpus (in-model)"
        ) { _ throws(PluginError) in
            func measured(_ examples: [LureCorpus.Example]) -> Table {
                LureEvaluation(examples, model: model, lexicon: lexicon, threshold: threshold).table
            }
            return .tables([
                (
                    "OUT-OF-MODEL: Data/fresh.tsv, hand-written after the last change to the scorer and never read to tune it (the figure to trust)",
                    measured(try LureCorpus.fresh())
                ),
                (
                    "OUT-OF-MODEL (development): Data/heldout.tsv, hand-written in families the corpus does not have (hard negatives, lures without theme words); never fitted on, but the lexicon was extended after reading its errors",
                    measured(try LureCorpus.heldOut())
                ),
                (
                    "IN-MODEL: Data/corpus.tsv, the subjects the weights were fitted on (how well it fits, not how well it generalises)",
                    measured(try LureCorpus.bundled().training)
                ),
            ])
        }
        registrar.helpTopic(HelpTopic("lures", text: Self.help))
        registrar.selfTest(SelfTest(#"lure_score("【至急】日米同盟に関する勉強会のご案内") >= 80"#, expected: "true"))
        registrar.selfTest(SelfTest(#"lure_score("会議室の予約について") < 20"#, expected: "true"))
        registrar.selfTest(SelfTest(#"lure_themes("ＴＡＩＷＡＮ Ｓｔｒａｉｔ briefing")"#, expected: "[taiwan-strait]"))
    }

    private static let help = """
        Lure scorer: `lures | score lures`, `incidents | score lures` (through each incident's lure),
        `… | score lures on COLUMN` add lure_score (0-100), lure_themes and lure_why.
        Subjects are normalised (NFKC: full-width Latin and half-width katakana folded; case folded;
        Re:/Fw:/転送: stripped and remembered), matched against bilingual theme and cue lexicons by
        characters (plugins/LureScorer/Data/lexicon.json), and the attachment name is checked for
        shortcuts (.lnk), double extensions, macro documents, executables and archives. Beside the
        lexicon, the wording: pairs of Japanese characters, English words and word pairs, each with
        a small weight. The weights are fitted on a constructed corpus (Data/corpus.tsv):
        `make lure-weights`. lure_why lists each feature with its weight, then the wording's.
        A lure known only by a description or file name has no subject: its score is null.
        `:plugins eval lure-scorer` prints ROC AUC, precision and recall on fresh and held-out
        hand-written subjects (out-of-model) and on the corpus (in-model).
        """
}

/// Scores subjects with the lexicon and the model.
struct LureScorer: Sendable {
    let lexicon: LureLexicon
    let model: LureModel

    /// The score alone (0–100).
    func score(_ subject: String, _ attachment: String?) -> Int {
        Int(model.score(LureFeatures(subject: subject, attachment: attachment, lexicon: lexicon)).rounded())
    }

    /// The score, the themes and the explanation.
    func explained(_ subject: String, _ attachment: String?) -> (score: Int, themes: [String], why: String) {
        let features = LureFeatures(subject: subject, attachment: attachment, lexicon: lexicon)
        return (Int(model.score(features).rounded()), features.themes, model.explanation(features, subject: subject))
    }

    /// The incoming rows with the three columns added.
    func scoreRows(_ call: StageCall) throws(PluginError) -> RowSet {
        let reader = try SubjectReader(call)
        var output = call.rows
        output.columns += ["lure_score", "lure_themes", "lure_why"]
        // Scored once per subject node and once per text: a million incidents share the
        // subjects of their lures, and a Japanese text hashes slowly (its NFC form).
        var byNode: [NodeID: [Value]] = [:]
        var byText: [String: [Value]] = [:]
        for index in output.rows.indices {
            if index % 4096 == 0, call.cancellation.isCancelled { throw .cancelled }
            let node = reader.subjectNode(of: index)
            if let node, let scored = byNode[node] {
                output.rows[index].values += scored
                continue
            }
            guard let (subject, attachment) = reader.subject(of: index, node: node) else {
                output.rows[index].values += [
                    .null, .list([]),
                    .string("no subject to score (known only by a description, a theme or a file name)"),
                ]
                continue
            }
            let key = subject + "\u{0}" + (attachment ?? "")
            let scored: [Value]
            if let known = byText[key] {
                scored = known
            } else {
                let result = explained(subject, attachment)
                scored = [.int(result.score), .list(result.themes.map(Value.string)), .string(result.why)]
                byText[key] = scored
            }
            if let node { byNode[node] = scored }
            output.rows[index].values += scored
        }
        return output
    }
}
