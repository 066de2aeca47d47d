/// The structures of lines ``FlatRecord`` scanned in full lately: the bytes around each line's
/// values — braces, keys with their quotes, colons, commas, white space. A line with the same
/// bytes around its values is read by comparing those and scanning only its values, and gives
/// the members the full scan gives: the same bytes are read by the same scalar scan at the same
/// places. A file's lines have a few shapes, one per kind of record as its writer writes them.
///
/// The shapes are kept in memory of a fixed size that no line's reading retains or releases;
/// a line whose shape does not fit is always scanned in full.
struct LineShapes: ~Copyable {
    /// One shape: where its steps are, and the bytes after its last value.
    private struct Shape {
        /// Lines of the shape get this number.
        let number: Int
        /// Its steps in `steps`, one per member.
        let steps: Range<Int>
        /// Where its bytes start in `runs`, and where its last run (after the last value) ends.
        let start: Int
        let end: Int
    }

    /// One member of a shape: where the bytes before its value end in `runs`, and where its key
    /// lies in those bytes.
    private struct Step {
        let runEnd: Int32
        let key: Range<Int32>
    }

    /// Shapes kept; when one more is learned, or its bytes or members do not fit, all are
    /// dropped and learned anew. A line that matches none costs a try of each.
    private static let shapesKept = 8
    private static let stepsKept = 512
    private static let bytesKept = 16 << 10
    private let shapes = UnsafeMutablePointer<Shape>.allocate(capacity: shapesKept)
    private let steps = UnsafeMutablePointer<Step>.allocate(capacity: stepsKept)
    /// The bytes around the values of every shape kept, one run after the other.
    private let runs = UnsafeMutablePointer<UInt8>.allocate(capacity: bytesKept)
    private var shapeCount = 0
    private var stepCount = 0
    private var byteCount = 0
    /// The shape matched last: tried first.
    private var last = 0
    private var learned = 0

    init() {}

    deinit {
        shapes.deallocate()
        steps.deallocate()
        runs.deallocate()
    }

    /// The number of the shape of `line`, with its members read into `members`; nil (and
    /// `members` not to be used) when it has none of the shapes kept.
    mutating func read(
        _ line: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>, into members: inout MemberList
    ) -> Int? {
        guard shapeCount > 0 else { return nil }
        if read(line, of: bytes, as: shapes[last], into: &members) { return shapes[last].number }
        for index in 0..<shapeCount where index != last && read(line, of: bytes, as: shapes[index], into: &members) {
            last = index
            return shapes[index].number
        }
        return nil
    }

    /// Keeps the shape of `line`, whose members the full scan found, when it fits, and returns
    /// the line's shape number (a new one either way).
    mutating func learn(
        _ line: Range<Int>, members: UnsafeBufferPointer<FlatRecord.Member>, of bytes: UnsafeBufferPointer<UInt8>
    )
        -> Int
    {
        learned += 1
        let runsCount = line.count - members.reduce(0) { $0 + Self.extent(of: $1).count }
        guard members.count <= Self.stepsKept, runsCount <= Self.bytesKept else { return learned }
        if shapeCount == Self.shapesKept || stepCount + members.count > Self.stepsKept
            || byteCount + runsCount > Self.bytesKept
        {
            (shapeCount, stepCount, byteCount) = (0, 0, 0)
        }
        let start = byteCount
        let firstStep = stepCount
        var position = line.lowerBound
        func keep(upTo end: Int) {
            (runs + byteCount).initialize(from: bytes.baseAddress! + position, count: end - position)
            byteCount += end - position
        }
        for member in members {
            let value = Self.extent(of: member)
            let key = Int32(member.key.lowerBound - position)..<Int32(member.key.upperBound - position)
            keep(upTo: value.lowerBound)
            (steps + stepCount).initialize(to: Step(runEnd: Int32(byteCount), key: key))
            stepCount += 1
            position = value.upperBound
        }
        keep(upTo: line.upperBound)
        last = shapeCount
        (shapes + shapeCount).initialize(
            to: Shape(number: learned, steps: firstStep..<stepCount, start: start, end: byteCount))
        shapeCount += 1
        return learned
    }

    private func read(
        _ line: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>, as shape: Shape,
        into members: inout MemberList
    ) -> Bool {
        members.removeAll()
        var position = line.lowerBound
        var runStart = shape.start
        for step in UnsafeBufferPointer(rebasing: UnsafeBufferPointer(start: steps, count: stepCount)[shape.steps]) {
            let runEnd = Int(step.runEnd)
            guard matches(runStart..<runEnd, bytes, at: position, before: line.upperBound) else { return false }
            let keyStart = position
            position += runEnd - runStart
            runStart = runEnd
            guard let (value, token) = FlatRecord.scalar(bytes, &position, line.upperBound) else { return false }
            let key = keyStart + Int(step.key.lowerBound)..<keyStart + Int(step.key.upperBound)
            members.append(FlatRecord.Member(key: key, value: value, token: token))
        }
        return line.upperBound - position == shape.end - runStart
            && matches(runStart..<shape.end, bytes, at: position, before: line.upperBound)
    }

    /// Whether the bytes at `position` (and before `end`) are the kept bytes `run`.
    private func matches(_ run: Range<Int>, _ bytes: UnsafeBufferPointer<UInt8>, at position: Int, before end: Int)
        -> Bool
    {
        run.count <= end - position
            && ShortBytes.equal(bytes.baseAddress! + position, runs + run.lowerBound, count: run.count)
    }

    /// A member's value as it stands in the line (a string with its quotes).
    private static func extent(of member: FlatRecord.Member) -> Range<Int> {
        guard case .string = member.token else { return member.value }
        return member.value.lowerBound - 1..<member.value.upperBound + 1
    }
}
