/// Node numbers by id: an open-addressing table over a hash of each id's UTF-8 bytes.
///
/// The hash (``IDHash``) can be worked out on another thread than the one that fills the table
/// — a file's reader hashes the ids it parses, the builder only probes — and each slot keeps
/// the upper half of its id's hash beside the node number, so the table grows without hashing
/// an id again and an id is compared only when 32 bits of its hash already agree.
struct IDTable: Sendable {
    /// Upper 32 bits of the hash, then node number + 1; 0 is an empty slot.
    private var slots: [UInt64]
    /// log₂ of the slot count.
    private var bits: Int
    /// Ids held.
    private(set) var count = 0

    /// An empty table with room for `capacity` ids before it first grows.
    init(capacity: Int = 0) {
        bits = 4
        while (1 << bits) * 3 < capacity * 4 { bits += 1 }
        slots = Array(repeating: 0, count: 1 << bits)
    }

    /// A table of `ids`, numbered by their position.
    init(ids: [String]) {
        self.init(capacity: ids.count)
        for (number, id) in ids.enumerated() {
            _ = insert(Int32(number), hash: IDHash.of(id), matching: id, in: ids)
        }
    }

    /// The number of the node whose id is `id`; `hash` is ``IDHash/of(_:)`` of it and `ids`
    /// the ids by node number.
    func find(_ id: String, hash: UInt64, in ids: [String]) -> Int32? {
        find(hash: hash) { ids[Int($0)] == id }
    }

    /// The node filed under `hash` for which `isTheOne` holds (it compares the node's id with
    /// the one sought).
    func find(hash: UInt64, where isTheOne: (Int32) -> Bool) -> Int32? {
        let tag = hash >> 32
        let mask = (1 << bits) - 1
        var slot = Int(truncatingIfNeeded: tag >> (32 - UInt64(bits)))
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry >> 32 == tag {
                let node = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if isTheOne(node) { return node }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The node in the first slot for `hash` whose entry shares its upper half, without
    /// comparing ids: nearly always the node with that id, to be checked by the caller. Looking
    /// up a run of ids first this way lets their memory reads overlap.
    func candidate(hash: UInt64) -> Int32? {
        let tag = hash >> 32
        let entry = slots[Int(truncatingIfNeeded: tag >> (32 - UInt64(bits)))]
        return entry >> 32 == tag && entry != 0 ? Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1 : nil
    }

    /// The number of the node whose id is `id`.
    func find(_ id: String, in ids: [String]) -> Int32? {
        find(id, hash: IDHash.of(id), in: ids)
    }

    /// Adds `node` under `id` unless the id is held already; returns the holder then.
    mutating func insert(_ node: Int32, hash: UInt64, matching id: String, in ids: [String]) -> Int32? {
        if (count + 1) * 4 > slots.count * 3 { grow() }
        let tag = hash >> 32
        let mask = (1 << bits) - 1
        var slot = Int(truncatingIfNeeded: tag >> (32 - UInt64(bits)))
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry >> 32 == tag {
                let holder = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if ids[Int(holder)] == id { return holder }
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = tag << 32 | UInt64(node + 1)
        count += 1
        return nil
    }

    /// Makes room for `total` ids before the table grows again.
    mutating func reserveCapacity(_ total: Int) {
        while (1 << bits) * 3 < total * 4 { grow() }
    }

    /// Twice the slots; each entry's new place comes from the hash bits it keeps.
    private mutating func grow() {
        let old = slots
        bits += 1
        slots = Array(repeating: 0, count: 1 << bits)
        let mask = (1 << bits) - 1
        for entry in old where entry != 0 {
            var slot = Int(truncatingIfNeeded: (entry >> 32) >> (32 - UInt64(bits)))
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry
        }
    }
}

/// The hash of an id's UTF-8 bytes that ``IDTable`` files it under, seeded once per process so
/// that a hostile file cannot choose ids that all collide.
package enum IDHash {
    /// The process's seed. Reading it costs a check that it is set (`swift_once`): a loop that
    /// hashes millions of ids reads it once and passes it to ``of(_:seed:)``.
    package static let seed = UInt64.random(in: 1...UInt64.max)

    /// The hash of an id.
    package static func of(_ id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { of(UnsafeRawBufferPointer($0)) }
    }

    /// The hash of an id's bytes.
    package static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        of(bytes, seed: seed)
    }

    /// The hash of an id's bytes, with the process's ``seed`` read by the caller.
    package static func of(_ bytes: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var hash = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        if bytes.count >= 8, bytes.count <= 16 {
            // Most ids: their first eight bytes and their last eight (overlapping when fewer
            // than 16), one step each.
            let last = bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
            return mix(mix(hash ^ bytes.loadUnaligned(as: UInt64.self)) ^ last)
        }
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = mix(hash ^ bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        if offset < bytes.count {
            // The last 1–7 bytes as one word: read with the bytes before them and shifted out
            // when there are any, else copied.
            var tail: UInt64 = 0
            if bytes.count >= 8 {
                tail =
                    bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)
                    >> (8 * (8 - (bytes.count - offset)))
            } else {
                withUnsafeMutableBytes(of: &tail) { $0.copyMemory(from: bytes) }
            }
            hash = mix(hash ^ tail)
        }
        return mix(hash)
    }

    /// A multiply-and-fold step that spreads every input bit over the whole word.
    private static func mix(_ value: UInt64) -> UInt64 {
        var value = value &* 0xBF58_476D_1CE4_E5B9
        value ^= value >> 31
        value = value &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 29)
    }
}
