import IncidentGraph
import Interchange
import PluginAPI
import QueryEngine
import QuerySyntax

/// Running the statements of an Analysis of Competing Hypotheses (docs/ach.md).
extension Workspace {
    /// The name the matrix is bound to, as a source for queries (`ach | where diagnostic == false`).
    static let matrixName = "ach"

    func run(_ analysis: HypothesisStatement, origin: SourceOrigin?) throws(Diagnostic) -> StatementOutcome {
        defer { bindMatrix() }
        switch analysis {
        case .hypothesis(let id, let text):
            hypotheses.state(.init(id: id, text: text))
            return .acknowledged("hypothesis \(id): \(text)")
        case .evidence(let id, let statement, let offset):
            let (piece, shown) = try gather(id, from: statement, at: offset)
            hypotheses.record(piece)
            var outcome = StatementOutcome.succeeded(shown)
            outcome.remarks = [Self.describe(piece)]
            return outcome
        case .rate(let rating):
            guard let piece = hypotheses.evidence(rating.evidence.id) else {
                throw Diagnostic(
                    code: .rating, message: "no evidence `\(rating.evidence.id)`", span: rating.evidence.span,
                    hint: known("evidence", hypotheses.evidence.map(\.id), example: "evidence E1 = incidents | count"))
            }
            guard hypotheses.hypothesis(rating.hypothesis.id) != nil else {
                throw Diagnostic(
                    code: .rating, message: "no hypothesis `\(rating.hypothesis.id)`", span: rating.hypothesis.span,
                    hint: known("hypotheses", hypotheses.hypotheses.map(\.id), example: #"hypothesis H1 "…""#))
            }
            let digest = rating.pinned ?? piece.digest
            hypotheses.rate(
                piece.id, rating.hypothesis.id, .init(judgement: rating.judgement, digest: digest),
                credibility: rating.credibility, relevance: rating.relevance)
            let (credibility, relevance) = hypotheses.weights[piece.id] ?? (.medium, .medium)
            var said =
                "\(piece.id) × \(rating.hypothesis.id): \(rating.judgement.rawValue) "
                + "(\(piece.id): credibility \(credibility.rawValue), relevance \(relevance.rawValue))"
            if digest != piece.digest {
                said +=
                    "\nstale: \(piece.id) gives another result than when this was rated (then \(digest), now \(piece.digest));"
                    + " look at it again and rate it anew"
            }
            var outcome = StatementOutcome.acknowledged(said)
            outcome.recordedAs = rating.recorded(pinnedTo: digest)
            return outcome
        }
    }

    /// Runs an evidence's statement (a query, or `why @id` for a reported fact) and says what
    /// its result rests on.
    private func gather(_ id: String, from statement: String, at offset: Int) throws(Diagnostic) -> (
        CompetingHypotheses.Evidence, shown: String
    ) {
        if let question = WhyQuestion(statement), case .node(let nodeID, let span) = question.subject {
            guard let node = document.graph.node(id: nodeID) else {
                throw Diagnostic(code: .evidence, message: "no node `@\(nodeID)`", span: span).shifted(by: offset)
            }
            let shown = try WhyReport(workspace: self).answer(question)
            let provenance = document.graph.provenance(of: node)
            let basis: CompetingHypotheses.Basis =
                switch provenance.origin {
                case .reported: .reported
                case .synthetic: .synthetic
                case .imported, .observed: .imported
                }
            let status = provenance.status.map { ", \($0.rawValue)" } ?? ""
            let sources = provenance.sources.isEmpty ? "" : ", sources " + provenance.sources.joined(separator: " ")
            return (
                .init(
                    id: id, statement: statement, digest: AnswerTable.fnv(shown), basis: basis,
                    restsOn: "a \(provenance.origin.rawValue) fact\(status)\(sources)", plugins: [], about: [node]),
                shown
            )
        }
        guard case .query(let query)? = Parser.parse(statement).statement?.kind else {
            let parsed = Parser.parse(statement)
            if let first = parsed.diagnostics.first { throw first.shifted(by: offset) }
            throw Diagnostic(
                code: .evidence, message: "evidence is a query over the data, or why @id for a reported fact",
                span: SourceSpan(start: 0, end: statement.count),
                hint: "evidence E1 = incidents | where actor == @mirrorface | count by vector"
            ).shifted(by: offset)
        }
        switch QueryRunner.run(
            statement, graph: document.graph, state: queryState, registry: registry, cancellation: cancellation)
        {
        case .failure(let failure):
            throw (failure.diagnostics.first ?? Diagnostic(code: .evidence, message: "the query failed", span: nil))
                .shifted(by: offset)
        case .success((let result, _)):
            lastResult = nil
            let (output, remarks) = try render(result)
            var tally: ProvenanceTally?
            var about = named(in: statement)
            if case .rows(let rows) = result {
                tally = resultTally(rows)
                about += rows.rows.lazy.compactMap(\.node).prefix(1000).filter { !about.contains($0) }
            }
            let table =
                try lastResult?.table(cancellation: cancellation)
                ?? Table(columns: ["value"], rows: [[.string(output)]])
            let digest = AnswerTable(table, in: document.graph).digest(salt: "evidence", ordered: true)
            let (basis, restsOn) = basis(of: tally)
            let piece = CompetingHypotheses.Evidence(
                id: id, statement: statement, digest: digest, basis: basis, restsOn: restsOn,
                plugins: plugins(in: query),
                about: about)
            return (piece, ([output] + remarks).joined(separator: "\n"))
        }
    }

    /// What a result's provenance tally makes of it: `210 incidents: 4 reported, 206 synthetic`.
    private func basis(of tally: ProvenanceTally?) -> (CompetingHypotheses.Basis, String) {
        guard let tally, tally.total > 0 else { return (.nothing, "nothing") }
        let summary = describe(tally)
        let described = summary.hasPrefix("from ") ? String(summary.dropFirst(5)) : summary
        let reported = tally.count(of: .reported)
        let synthetic = tally.count(of: .synthetic)
        if reported == tally.total { return (.reported, described) }
        if synthetic == tally.total { return (.synthetic, described) }
        return (synthetic > 0 ? .mixed : .imported, described)
    }

    /// The nodes a statement names (`@mirrorface`).
    private func named(in statement: String) -> [NodeID] {
        var nodes: [NodeID] = []
        for word in statement.split(whereSeparator: { !($0.isLetter || $0.isNumber || "@-_.".contains($0)) })
        where word.hasPrefix("@") {
            if let node = document.graph.node(id: String(word.dropFirst())), !nodes.contains(node) {
                nodes.append(node)
            }
        }
        return nodes
    }

    /// The ratings as STIX opinions on the objects their evidence is about (`:export stix`).
    var opinions: [StixWriter.Opinion] {
        hypotheses.evidence.flatMap { piece in
            hypotheses.hypotheses.compactMap { hypothesis -> StixWriter.Opinion? in
                guard let rating = hypotheses.ratings[piece.id]?[hypothesis.id] else { return nil }
                let (credibility, relevance) = hypotheses.weights[piece.id] ?? (.medium, .medium)
                let opinion =
                    switch rating.judgement {
                    case .consistent: "agree"
                    case .inconsistent: "disagree"
                    case .notApplicable: "neutral"
                    }
                return StixWriter.Opinion(
                    key: "ach:\(piece.id):\(hypothesis.id):\(piece.statement)", opinion: opinion,
                    explanation:
                        "Analysis of competing hypotheses: evidence \(piece.id) (`\(piece.statement)`, resting on "
                        + "\(piece.restsOn)) is \(rating.judgement.rawValue) with hypothesis \(hypothesis.id) "
                        + "\"\(hypothesis.text)\" (credibility \(credibility.rawValue), relevance \(relevance.rawValue)).",
                    about: piece.about,
                    properties: [
                        "evidence": piece.id, "evidence_query": piece.statement, "evidence_basis": piece.basis.rawValue,
                        "hypothesis": hypothesis.id, "hypothesis_text": hypothesis.text,
                        "rating": rating.judgement.rawValue, "credibility": credibility.rawValue,
                        "relevance": relevance.rawValue,
                        "stale": hypotheses.isStale(piece.id, hypothesis.id) ? "yes" : "no",
                    ])
            }
        }
    }

    /// The plugins whose stages a query uses: their output is a verdict, not a reported fact.
    private func plugins(in query: Query) -> [String] {
        var owners: [String] = []
        for stage in query.stages {
            guard case .named(let words, _) = stage.kind,
                let owned = registry.stages.first(where: { $0.definition.signature.words == words })
            else { continue }
            if !owners.contains(owned.owner) { owners.append(owned.owner) }
        }
        return owners
    }

    /// `evidence E3: plugin timing-attributor; rests on 206 synthetic incidents — not scored`.
    static func describe(_ piece: CompetingHypotheses.Evidence) -> String {
        let made = piece.plugins.isEmpty ? "" : "made by plugin " + piece.plugins.joined(separator: ", ") + "; "
        let scored =
            piece.basis.includesGenerated
            ? " — generated data in it: not scored (:ach synthetic on counts it)"
            : piece.basis == .nothing ? " — an empty result: not scored" : ""
        return "evidence \(piece.id): \(made)rests on \(piece.restsOn)\(scored)"
    }

    private func known(_ what: String, _ ids: [String], example: String) -> String {
        ids.isEmpty ? "none yet: \(example)" : "\(what): " + ids.joined(separator: ", ")
    }

    /// What may come next in a `rate` statement: evidence ids, hypothesis ids, a judgement,
    /// `credibility` / `relevance`, a level; nil when `before` is not a `rate` statement.
    func ratingCompletions(after before: String) -> [String]? {
        let words = before.split(separator: " ").map(String.init)
        guard words.first == "rate" else { return nil }
        switch words.count {
        case 1: return hypotheses.evidence.map(\.id)
        case 2: return hypotheses.hypotheses.map(\.id)
        case 3: return ["consistent", "inconsistent", "n/a"]
        default:
            return ["credibility", "relevance"].contains(words.last ?? "")
                ? CompetingHypotheses.Level.allCases.map(\.rawValue) : ["credibility", "relevance"]
        }
    }

    /// Binds the matrix as a source (`ach`), one row per evidence.
    func bindMatrix() {
        let matrix = HypothesisMatrix(hypotheses, synthetic: scoresSyntheticEvidence)
        queryState.bindings[Self.matrixName] = matrix.rowSet
    }
}

/// `:ach [sensitivity | synthetic on|off | svg NAME]`.
extension Workspace {
    func achCommand(_ invocation: CommandInvocation) throws(Diagnostic) -> StatementOutcome {
        let arguments = invocation.arguments
        let matrix = { HypothesisMatrix(self.hypotheses, synthetic: self.scoresSyntheticEvidence) }
        guard let first = arguments.first else {
            guard !hypotheses.isEmpty else {
                return .succeeded(
                    "no hypotheses yet: hypothesis H1 \"…\", evidence E1 = QUERY, rate E1 H1 consistent (docs/ach.md)")
            }
            let shown = matrix()
            return .succeeded(
                ([renderer.render(shown.table, noun: ("evidence", "pieces of evidence"))] + shown.notes)
                    .joined(separator: "\n"))
        }
        switch first.text {
        case "sensitivity" where arguments.count == 1:
            return .succeeded(matrix().sensitivity)
        case "synthetic" where arguments.count == 2 && ["on", "off"].contains(arguments[1].text):
            scoresSyntheticEvidence = arguments[1].text == "on"
            bindMatrix()
            return .acknowledged(
                scoresSyntheticEvidence
                    ? "evidence resting on generated data, in whole or in part, is scored (it is evidence of the generator)"
                    : "evidence resting on generated data, in whole or in part, is shown, not scored")
        case "svg" where arguments.count == 2:
            let file = try exports.file(
                for: arguments[1].text, fileExtension: "svg", what: "export", at: arguments[1].span)
            try exports.write(MatrixPicture.svg(matrix()), to: file, at: arguments[1].span)
            return .acknowledged("wrote the matrix of \(hypotheses.evidence.count) evidence to \(file) (svg)")
        default:
            throw Diagnostic(
                code: .commandArguments, message: "unknown :ach argument `\(first.text)`", span: first.span,
                hint:
                    ":ach, :ach sensitivity, :ach synthetic on|off, :ach svg NAME; ach | export csv \"NAME\" for the rows"
            )
        }
    }
}
