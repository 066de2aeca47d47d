/// Keys numbered from 0 in the order they are first met: equal keys, as `Hashable` tells them
/// apart (as grouping by values does), get one number.
struct FirstMetNumbers<Key: Hashable> {
    private var numbers: [Key: Int32] = [:]
    /// The keys met, by number.
    private(set) var keys: [Key] = []

    /// The number of `key`: the one an equal key was given before, or the next.
    mutating func number(of key: Key) -> Int32 {
        if let known = numbers[key] { return known }
        let number = Int32(keys.count)
        numbers[key] = number
        keys.append(key)
        return number
    }
}
