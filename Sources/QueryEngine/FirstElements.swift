/// An order of elements in which no two distinct elements tie (rows' ties broken by position).
protocol ElementOrder {
    associatedtype Element
    func precedes(_ a: Element, _ b: Element) -> Bool
}

/// An order given by a function.
struct OrderBy<Element>: ElementOrder {
    let firstBefore: (Element, Element) -> Bool

    func precedes(_ a: Element, _ b: Element) -> Bool { firstBefore(a, b) }
}

/// Rows by a key of one whole number (its null first or last as `null` says) and then by their
/// position.
struct RankedRows: ElementOrder {
    func precedes(_ a: (null: UInt8, value: Int64, position: Int), _ b: (null: UInt8, value: Int64, position: Int))
        -> Bool
    {
        a < b
    }
}

/// The first `limit` of many elements in an order, kept as the elements come (`sort` then `take
/// N`): a heap of at most `limit` elements with the last of them on top, so that an element that
/// enters costs a few comparisons — about twice the logarithm of `limit` — whatever order the
/// elements come in. (Kept in order instead, every row of `incidents | sort ts desc | take 1000`
/// on incidents in time order moved the thousand before it.)
struct FirstElements<Order: ElementOrder> {
    typealias Element = Order.Element
    private var heap: [Element] = []
    private let limit: Int
    private let order: Order

    /// Keeps the first `limit` elements in `order`.
    init(limit: Int, in order: Order) {
        self.limit = max(limit, 0)
        self.order = order
        heap.reserveCapacity(min(self.limit, 1 << 16))
    }

    /// The last element kept once `limit` are: an element enters only when it precedes it.
    var last: Element? { heap.count == limit ? heap.first : nil }

    /// Keeps `element` when fewer than `limit` are kept or it precedes the last of them, which
    /// then drops out.
    mutating func offer(_ element: Element) {
        let order = order
        if heap.count < limit {
            heap.append(element)
            heap.withUnsafeMutableBufferPointer { heap in
                // The element rises past the ones it comes after.
                var hole = heap.count - 1
                while hole > 0, order.precedes(heap[(hole - 1) / 2], element) {
                    heap[hole] = heap[(hole - 1) / 2]
                    hole = (hole - 1) / 2
                }
                heap[hole] = element
            }
        } else if limit > 0, order.precedes(element, heap[0]) {
            heap.withUnsafeMutableBufferPointer { heap in
                // The element sinks below the ones that come after it.
                var hole = 0
                while true {
                    var latest = 2 * hole + 1
                    guard latest < heap.count else { break }
                    if latest + 1 < heap.count, order.precedes(heap[latest], heap[latest + 1]) { latest += 1 }
                    guard order.precedes(element, heap[latest]) else { break }
                    heap[hole] = heap[latest]
                    hole = latest
                }
                heap[hole] = element
            }
        }
    }

    /// The elements kept, in order.
    var elements: [Element] { heap.sorted(by: order.precedes) }
}
