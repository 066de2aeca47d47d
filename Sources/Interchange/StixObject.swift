import IncidentGraph

/// One object of a STIX bundle as parsed: its members, looked up by name and read as the
/// types the reader wants (a member of another type reads as absent, never converted).
struct StixObject: Sendable {
    /// The members in the order written.
    let members: [JSONValue.Member]

    /// The object a JSON value holds, or nil when it is not an object.
    init?(_ value: JSONValue) {
        guard case .object(let members) = value.content else { return nil }
        self.members = members
    }

    /// An object of these members.
    init(members: [JSONValue.Member]) {
        self.members = members
    }

    /// The value of a member; of a name written twice, the last (as JSON readers commonly do).
    subscript(_ name: String) -> JSONValue? {
        members.last { $0.key == name }?.value
    }

    /// Whether the object has a member of this name, whatever its value.
    func has(_ name: String) -> Bool {
        members.contains { $0.key == name }
    }

    /// The member as a string.
    func string(_ name: String) -> String? {
        self[name].flatMap(Self.string)
    }

    /// The member as an array of strings; nil when it holds anything else.
    func strings(_ name: String) -> [String]? {
        guard case .array(let elements)? = self[name]?.content else { return nil }
        var strings: [String] = []
        for element in elements {
            guard let string = Self.string(element) else { return nil }
            strings.append(string)
        }
        return strings
    }

    /// The member as an array of objects; nil when it holds anything else.
    func objects(_ name: String) -> [StixObject]? {
        guard case .array(let elements)? = self[name]?.content else { return nil }
        var objects: [StixObject] = []
        for element in elements {
            guard let object = StixObject(element) else { return nil }
            objects.append(object)
        }
        return objects
    }

    private static func string(_ value: JSONValue) -> String? {
        guard case .string(let string) = value.content else { return nil }
        return string
    }
}
