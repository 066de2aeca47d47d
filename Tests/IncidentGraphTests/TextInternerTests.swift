import Testing

@testable import IncidentGraph

@Suite("Texts of a column shared as they are read")
struct TextInternerTests {
    /// `count` texts: long ones repeated (a vector), long ones never repeated (a subject),
    /// short ones and Japanese, in a mixed order.
    private func column(_ count: Int) -> [String] {
        (0..<count).map { row in
            switch row % 5 {
            case 0, 1: ["spearphishing-attachment", "us-japan-alliance-briefing", "国際情勢に関する意見交換会のご案内"][row % 3]
            case 2: "Interview request (reference \(row))"
            case 3: "vpn-\(row % 7)"
            default: "防衛政策に関する研究会 第\(row)回"
            }
        }
    }

    private func read(_ texts: [String]) -> [String] {
        var interner = TextInterner()
        return texts.map { text in
            var text = text
            return text.withUTF8 { interner.text(UnsafeRawBufferPointer($0)) }
        }
    }

    @Test("every text reads back as written, shared or not, before and after the interner gives up")
    func textsReadBack() {
        let texts = column(20_000)  // more distinct long texts than the interner keeps
        let read = read(texts)
        #expect(read == texts)
        #expect(zip(read, texts).allSatisfy { $0.utf8.elementsEqual($1.utf8) })
    }

    @Test("a long text repeated on every row is read back equal on every row")
    func repeatedText() {
        let texts = (0..<5_000).map { $0 % 2 == 0 ? "spearphishing-attachment" : "spearphishing-attachmenu" }
        #expect(read(texts) == texts)
    }
}
