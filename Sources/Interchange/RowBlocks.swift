import IncidentGraph

/// The blocks of a rows file read on worker threads, a few ahead, and taken in by the builder
/// in order.
struct BlockReading {
    let file: FileChunks
    let decoder: NodeRows
    /// Where the rows of the first block start (after a CSV header).
    let start: (offset: Int, line: Int)
    /// Hears after each block: bytes read of all, and rows so far; an error it throws stops
    /// the import.
    let progress: GraphFile.Progress?
    /// The keys of the JSON Lines rows taken in, in order of first appearance.
    private(set) var keys: [String] = []
    /// Rows taken in.
    private(set) var added = 0
    /// Where the next block starts in the file, and the line it starts on.
    private var offset = 0
    private var line = 1

    /// Where the rows of every block but the first start.
    private static let blockStart = (offset: 0, line: 1)

    /// Why reading in blocks stopped before the end.
    private enum Stop: Error {
        case problem(GraphError)
        /// A CSV block ended inside a quoted field.
        case cutInsideQuotes
    }

    init(file: FileChunks, decoder: NodeRows, start: (offset: Int, line: Int), progress: GraphFile.Progress?) {
        self.file = file
        self.decoder = decoder
        self.start = start
        self.progress = progress
    }

    /// Adds every row of the file to `builder`, or stops at the first problem. Where a CSV
    /// block was cut inside a quoted field (a field over several lines), the rest of the file
    /// is read as one block; so it is when the header runs past the first block.
    mutating func add(to builder: inout GraphBuilder) throws(GraphError) {
        let (file, decoder, start) = (self.file, self.decoder, self.start)
        let count = file.blockCount
        do throws(Stop) {
            guard start.offset < file.blockSize else { throw .cutInsideQuotes }
            try BackgroundValue.inOrder(count, ahead: BlockPipeline.blocksAhead) { index in
                Self.read(
                    block: index, of: file, decoder, from: index == 0 ? start : Self.blockStart,
                    last: index == count - 1)
            } take: { (block: inout NodeRows.Block) throws(Stop) in
                if block.cutInsideQuotes { throw .cutInsideQuotes }
                do throws(GraphError) {
                    try take(&block, into: &builder)
                } catch {
                    throw .problem(error)
                }
            }
        } catch {
            switch error {
            case .problem(let problem): throw problem
            case .cutInsideQuotes:
                let rest = try file.bytes(offset..<file.totalBytes)
                let from = offset == 0 ? start : Self.blockStart
                var last = decoder.decode(rest, from: from.offset, line: from.line, last: true)
                try take(&last, into: &builder)
            }
        }
    }

    private mutating func take(_ block: inout NodeRows.Block, into builder: inout GraphBuilder) throws(GraphError) {
        if offset == 0, block.chunk.bytes.count < file.totalBytes {
            // Rows to come, judged from the first block's, with a tenth to spare: the id table
            // and the columns then grow once, not by doubling.
            let perByte = Double(block.chunk.nodeCount) / Double(max(block.chunk.bytes.count, 1))
            let rows = Int(perByte * Double(file.totalBytes - block.chunk.bytes.count) * 1.1)
            let links = decoder.targets.filter { if case .link = $0 { true } else { false } }.count
            builder.reserveCapacity(nodes: rows, ofKind: decoder.kindPosition, edges: rows * links)
        }
        keys.appendNew(block.keys)
        try builder.add(&block.chunk, file: decoder.file, firstLine: line)
        added += block.chunk.nodeCount
        offset += block.chunk.bytes.count
        line += block.chunk.lineEnds
        try progress?(offset, file.totalBytes, added)
    }

    /// Block `index` of the file, decoded; a block that cannot be read gives no rows and the
    /// read's error.
    private static func read(
        block index: Int, of file: FileChunks, _ decoder: NodeRows, from start: (offset: Int, line: Int), last: Bool
    ) -> NodeRows.Block {
        do throws(GraphError) {
            return decoder.decode(try file.lines(inBlock: index), from: start.offset, line: start.line, last: last)
        } catch {
            var block = NodeRows.Block(chunk: DecodedChunk(schema: decoder.schema, bytes: []))
            block.chunk.error = error
            return block
        }
    }
}
