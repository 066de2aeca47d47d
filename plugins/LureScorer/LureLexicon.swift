import Foundation
import PluginAPI

/// The scorer's vocabulary (`Data/lexicon.json`): theme terms in Japanese and English, the
/// cues of spear-phishing subjects, and risky attachment types.
struct LureLexicon: Sendable {
    /// Theme id → terms, normalised.
    let themes: [(id: String, terms: [String])]
    /// Cue id → terms, normalised.
    let cues: [(id: String, terms: [String])]
    /// Attachment risk → file-name endings.
    let attachments: [(id: String, endings: [String])]
    /// Finds themes (groups 0 ..< themes.count) and then cues in one pass.
    let matcher: TermMatcher
    /// Every feature the scorer can see, by position (a feature set is a bit set over them).
    let featureNames: [String]

    /// Features that do not depend on the lexicon's lists, at the start of `featureNames`.
    enum Fixed: Int, CaseIterable {
        case theme, severalThemes, themeWithCue, bracketedLabel, replyOrForward, attachment, doubleExtension

        var name: String {
            [
                "theme", "several themes", "theme with a cue", "bracketed label", "reply or forward", "attachment",
                "attachment: double extension",
            ][rawValue]
        }
    }

    init(json: Data) throws(PluginError) {
        struct File: Decodable {
            let themes: [String: [String]]
            let cues: [String: [String]]
            let attachments: [String: [String]]
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: json)
        } catch {
            throw PluginError("the lexicon is not valid: \(error)", hint: "see plugins/LureScorer/Data/lexicon.json")
        }
        func normalised(_ entries: [String: [String]]) -> [(String, [String])] {
            entries.keys.sorted().map { key in
                (key, (entries[key] ?? []).map { LureText.matchableTerm(LureText($0).text) })
            }
        }
        themes = normalised(file.themes).map { (id: $0.0, terms: $0.1) }
        cues = normalised(file.cues).map { (id: $0.0, terms: $0.1) }
        attachments = file.attachments.keys.sorted().map { key in
            (id: key, endings: (file.attachments[key] ?? []).map { LureText($0).text })
        }
        guard themes.count + cues.count <= TermMatcher.maximumGroups else {
            throw PluginError("the lexicon has more than \(TermMatcher.maximumGroups) themes and cues")
        }
        matcher = TermMatcher(groups: themes.map(\.terms) + cues.map(\.terms))
        featureNames =
            Fixed.allCases.map(\.name) + cues.map { "cue: " + $0.id } + attachments.map { "attachment: " + $0.id }
        guard featureNames.count <= 64 else { throw PluginError("the lexicon makes more than 64 features") }
    }

    /// Position of the feature of cue `index`.
    func cueFeature(_ index: Int) -> Int { Fixed.allCases.count + index }

    /// Position of the feature of attachment risk `index`.
    func attachmentFeature(_ index: Int) -> Int { Fixed.allCases.count + cues.count + index }
}

/// The plugin's data files, shipped as resources beside its code.
enum LureScorerFiles {
    /// The contents of `Data/NAME.EXTENSION`.
    static func data(_ name: String, _ fileExtension: String = "json") throws(PluginError) -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: fileExtension, subdirectory: "Data"),
            let data = try? Data(contentsOf: url)
        else {
            throw PluginError("its data file \(name).\(fileExtension) is missing", hint: "rebuild Kagami (`make run`)")
        }
        return data
    }
}
