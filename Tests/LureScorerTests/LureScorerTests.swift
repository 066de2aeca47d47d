import Foundation
import PluginAPI
import Testing

@testable import LureScorer

@Suite("Lure scorer")
struct LureScorerTests {
    let lexicon: LureLexicon
    let scorer: LureScorer

    init() throws {
        lexicon = try LureLexicon(json: try LureScorerFiles.data("lexicon"))
        scorer = LureScorer(
            lexicon: lexicon, model: try LureModel(json: try LureScorerFiles.data("weights"), lexicon: lexicon))
    }

    @Test(
        "normalisation folds full-width Latin, half-width katakana and case, strips reply prefixes",
        arguments: [
            ("ＴＡＩＷＡＮ　Ｓｔｒａｉｔ", "taiwan strait", false),
            ("ｲﾝﾀﾋﾞｭｰのお願い", "インタビューのお願い", false),
            ("Re: RE: Fw: 日米同盟について", "日米同盟について", true),
            ("ＲＥ：転送：議事録", "議事録", true),
            ("【至急】Ｅｘｐｏ ２０２５", "【至急】expo 2025", false),
            ("Ⅻ ① ｶﾀｶﾅ mixed 漢字", "xii 1 カタカナ mixed 漢字", false),
        ])
    func normalisation(raw: String, folded: String, stripped: Bool) {
        let text = LureText(raw)
        #expect(text.text == folded)
        #expect(text.wasReplyOrForward == stripped)
    }

    @Test(
        "each theme is found in Japanese and in English",
        arguments: [
            ("us-japan-alliance", "日米同盟の課題", "On the US-Japan alliance"),
            ("taiwan-strait", "台湾海峡の緊張", "Taiwan Strait briefing"),
            ("russia-ukraine-war", "ウクライナ情勢", "the war in Ukraine"),
            ("free-and-open-indo-pacific", "自由で開かれたインド太平洋", "Indo-Pacific strategy"),
            ("international-affairs", "国際情勢と日本外交", "International affairs outlook"),
            ("north-korea", "北朝鮮のミサイル", "North Korea update"),
            ("economic-security", "経済安全保障推進法", "Economic security act"),
            ("export-controls", "輸出管理の見直し", "Export control changes"),
            ("china-japan-relations", "日中関係の現状", "Sino-Japanese relations"),
            ("elections-and-party-affairs", "参議院選挙の情勢", "Upper House election"),
            ("expo-2025", "大阪・関西万博", "The EXPO Exhibition in Japan in 2025"),
            ("study-group-invitation", "勉強会のご案内", "Study group on security"),
            ("interview-request", "取材のご依頼", "Interview request"),
        ])
    func themes(theme: String, japanese: String, english: String) {
        for subject in [japanese, english] {
            #expect(
                LureFeatures(subject: subject, attachment: nil, lexicon: lexicon).themes.contains(theme), "\(subject)")
        }
    }

    @Test("attachment cues: shortcuts, double extensions, macro documents, executables, archives")
    func attachments() {
        func names(_ attachment: String) -> [String] {
            LureFeatures(subject: "資料", attachment: attachment, lexicon: lexicon).names(in: lexicon)
        }
        #expect(names("The EXPO Exhibition in Japan in 2025.docx.lnk").contains("attachment: shortcut"))
        #expect(names("The EXPO Exhibition in Japan in 2025.docx.lnk").contains("attachment: double extension"))
        #expect(names("報告書.DOCM").contains("attachment: macro-document"))
        #expect(names("setup.exe").contains("attachment: executable"))
        #expect(names("資料（パスワード別送）.zip").contains("attachment: archive"))
        #expect(!names("議事録.pdf").contains { $0.hasPrefix("attachment: ") })
        let plain = scorer.score("研究会資料", nil)
        #expect(scorer.score("研究会資料", "研究会資料.docx.lnk") > plain)
    }

    @Test("the explanation lists what counted: a study-group lure scores high, a room booking low")
    func explanation() {
        let lure = scorer.explained("【至急】日米同盟に関する勉強会のご案内", nil)
        #expect(lure.score >= 80)
        // An alliance is security policy as well as the US-Japan alliance theme.
        #expect(lure.themes == ["security-policy", "study-group-invitation", "us-japan-alliance"])
        #expect(lure.why.contains("theme with a cue ") && lure.why.contains("cue: urgency +"))
        #expect(lure.why.contains("wording "))
        #expect(lure.why.hasSuffix("base −0.8") || lure.why.contains("base "))
        let ordinary = scorer.explained("会議室の予約について", nil)
        #expect(ordinary.score < 20)
        #expect(ordinary.themes.isEmpty && ordinary.why.contains("cue: routine −"))
    }

    @Test("empty, huge and invalid-looking input are scored, not crashed on")
    func robustness() {
        #expect(scorer.score("", nil) < 50)
        #expect(scorer.score(String(repeating: "日米同盟", count: 262_144), nil) > 0)  // 3 MB
        #expect(scorer.score("\u{0}\u{FFFD}\u{202E}台湾海峡\u{200B}", "\u{0}.lnk") > 50)
        #expect(scorer.score(String(repeating: "(((((", count: 1000), String(repeating: ".", count: 5000)) >= 0)
    }

    @Test(
        "out-of-model: on fresh and held-out subjects, ROC AUC ≥ 0.95 and precision ≥ 0.9 at recall ≥ 0.85"
    )
    func evaluation() throws {
        let corpus = try LureCorpus.bundled()
        let heldOut = try LureCorpus.heldOut()
        let fresh = try LureCorpus.fresh()
        #expect(heldOut.count >= 200 && fresh.count >= 50 && corpus.training.count > 1000)
        // No held-out or fresh subject occurs in the corpus the weights are fitted on, nor in both.
        let trained = Set(corpus.training.map { LureText($0.subject).text })
        let held = Set(heldOut.map { LureText($0.subject).text })
        #expect(heldOut.allSatisfy { !trained.contains(LureText($0.subject).text) })
        #expect(
            fresh.allSatisfy {
                !trained.contains(LureText($0.subject).text) && !held.contains(LureText($0.subject).text)
            })
        for (name, examples) in [("fresh", fresh), ("held-out", heldOut)] {
            let evaluation = LureEvaluation(examples, model: scorer.model, lexicon: lexicon, threshold: 50)
            #expect(evaluation.areaUnderCurve >= 0.95, "\(name)")
            #expect(evaluation.precisionAtWantedRecall >= 0.9, "\(name)")
            #expect(evaluation.recall >= 0.85 && evaluation.precision >= 0.85, "\(name): at the default threshold")
        }
    }

    @Test("a theme word in ordinary mail does not decide; lure cues without a theme word do")
    func context() {
        for ordinary in [
            "ウクライナ避難民支援募金", "US-Japan trade show booth logistics",
            "Interview schedule for the software engineer position", "Belarussian choir concert",
        ] {
            #expect(scorer.score(ordinary, nil) < 50, "\(ordinary)")
        }
        for lure in ["Invitation to speak at our think tank seminar", "Media inquiry on the defence budget"] {
            #expect(scorer.score(lure, nil) >= 50, "\(lure)")
        }
        // English terms match at the start of a word: Russian, not Belarussian.
        #expect(
            LureFeatures(subject: "Russian grammar", attachment: nil, lexicon: lexicon).themes == [
                "russia-ukraine-war"
            ])
        #expect(LureFeatures(subject: "Belarussian news", attachment: nil, lexicon: lexicon).themes.isEmpty)
    }

    @Test("grams: Japanese character pairs and English words and word pairs, each once, hashed as their names")
    func grams() throws {
        #expect(LureFeatures.gramNames(subject: "ご意見を") == ["c:ご意", "c:意見", "c:見を"])
        #expect(
            LureFeatures.gramNames(subject: "Your views, your views: 台湾") == [
                "w:your", "w:views", "w:your views", "w:views your", "c:台湾",
            ])
        // Scoring hashes grams as it reads them; fitting names them: the same grams either way.
        for example in try LureCorpus.bundled().training + LureCorpus.heldOut() {
            let text = LureText.matchable(LureText(example.subject).text)
            let named = LureGrams.names(in: text).compactMap(LureGrams.bytes(named:)).map(LureGrams.hash)
            #expect(LureGrams.hashes(in: text).sorted() == named.sorted(), "\(example.subject)")
        }
    }

    @Test("the shipped weights are what the trainer makes from the shipped corpus")
    func weightsReproduce() throws {
        let refitted = try LureWeightsFile.fit(
            lexicon: try LureScorerFiles.data("lexicon"),
            corpus: String(decoding: try LureScorerFiles.data("corpus", "tsv"), as: UTF8.self))
        #expect(refitted == (try LureScorerFiles.data("weights")), "run `make lure-weights`")
    }

    @Test("the term matcher finds each group whose term is in a text, as a search for every term does")
    func termMatcherAgainstSearch() {
        // Terms that share prefixes and suffixes, nest and overlap, in English and Japanese.
        let groups = [
            ["taiwan", "tai"], ["wan", "an"], ["日米", "日米同盟"], ["同盟", "盟"], ["anwa", "nwan"], ["台湾"],
            ["a"], ["aaa", "aab"],
        ]
        let matcher = TermMatcher(groups: groups)
        let pieces = ["tai", "wan", "an", "日米", "同盟", "台", "湾", "a", "b", "n", "w", " ", "x", "盟"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...8, using: &generator)).map { _ in
                pieces.randomElement(using: &generator) ?? ""
            }.joined()
            var expected: UInt64 = 0
            for (group, terms) in groups.enumerated() where terms.contains(where: { text.utf8.contains($0.utf8) }) {
                expected |= 1 << UInt64(group)
            }
            #expect(matcher.groups(in: text) == expected, "\(text)")
        }
    }
}
