import IncidentGraph
import Testing
import Workbench

/// Statements are told apart by how they start (`:command`, `why`, `hypothesis`, a query)
/// before any is parsed in full: white space before them, the ideographic space a Japanese
/// keyboard types included, changes nothing.
@Suite("How statements start")
struct StatementStartTests {
    @Test("a command, why and a hypothesis after white space give what they give without it")
    func leadingWhiteSpace() throws {
        let document = try BundledData.mirrorFace()
        for statement in [":schema incident", "why @inc-0001", #"hypothesis H1 "MirrorFace is operated from China""#] {
            let plain = Workspace(document: document).execute(statement)
            #expect(plain.succeeded, "\(statement): \(plain.error ?? "")")
            for lead in [" ", "\t", "\u{3000}", " \u{3000}\t"] {
                let led = Workspace(document: document).execute(lead + statement)
                #expect(led.output == plain.output, "\(lead.debugDescription) + \(statement)")
                #expect(led.succeeded)
            }
        }
        // `why` is trimmed as Foundation trims, which takes a zero-width space (pasted from a
        // web page) for white space too.
        let why = Workspace(document: document).execute("why @inc-0001")
        let pasted = Workspace(document: document).execute("\u{200B}why @inc-0001")
        #expect(pasted.succeeded && pasted.output == why.output)
    }

    @Test("an output's recorded lines are its lines with CR LF folded to LF, a lone CR kept")
    func recordedLines() {
        // Every output of up to five of these pieces, against folding CR LF and splitting at LF.
        let pieces = ["a", "\r", "\n", "\r\n", "日"]
        var outputs: [String] = []
        var longest = [""]
        for _ in 1...5 {
            longest = longest.flatMap { output in pieces.map { output + $0 } }
            outputs += longest
        }
        for output in outputs {
            let scalars = Array(output.unicodeScalars)
            var folded = String.UnicodeScalarView()
            for (index, scalar) in scalars.enumerated()
            where scalar != "\r" || index + 1 == scalars.count || scalars[index + 1] != "\n" {
                folded.append(scalar)
            }
            let expected = folded.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(SessionFile.lines(of: output) == expected, "\(output.debugDescription)")
        }
        #expect(SessionFile.lines(of: "") == [])
        #expect(SessionFile.lines(of: "a,b\r\nc\rd\r\r\n") == ["a,b", "c\rd\r", ""])
    }
}
