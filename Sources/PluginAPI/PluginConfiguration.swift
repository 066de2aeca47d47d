/// A plugin's settings: its defaults (a JSON object in its folder), each possibly overridden by
/// the analyst's `plugins/<name>.json`. Values are numbers, text, booleans or lists of them.
public struct PluginConfiguration: Sendable {
    /// One setting and where its value came from.
    public struct Setting: Sendable, Equatable {
        /// Its key.
        public let key: String
        /// Its value.
        public let value: Value
        /// `default`, or where in the analyst's file it was set (`path:line:column`).
        public let origin: String
    }

    /// The settings, in the order of the defaults.
    public private(set) var settings: [Setting]

    /// No settings.
    public static let empty = PluginConfiguration(settings: [])

    private init(settings: [Setting]) {
        self.settings = settings
    }

    /// The value of a setting, if there is one.
    public subscript(key: String) -> Value? {
        settings.first { $0.key == key }?.value
    }

    /// A number setting (integers read as decimals), or `fallback`.
    public func number(_ key: String, or fallback: Double) -> Double {
        switch self[key] {
        case .int(let number): Double(number)
        case .double(let number): number
        default: fallback
        }
    }

    /// A text setting, or `fallback`.
    public func text(_ key: String, or fallback: String) -> String {
        self[key]?.stringValue ?? fallback
    }

    /// Reads a JSON object of settings from `file`; `isDefault` marks a plugin's own defaults
    /// (shown as `default`), otherwise each setting remembers where in the file it was set.
    public static func parse(_ text: String, file: String, isDefault: Bool) throws(PluginError)
        -> PluginConfiguration
    {
        let bytes = Array(text.utf8)
        var locator = Locator(file: file, bytes: bytes)
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes)
        } catch {
            throw PluginError("\(locator.location(at: error.offset)): \(error.message)")
        }
        guard case .object(let members) = document.content else {
            throw PluginError(
                "\(locator.location(at: document.offset)): settings must be a JSON object, found \(document.typeName)",
                hint: #"for example: {"overlap_weight": 2.0}"#)
        }
        var settings: [Setting] = []
        for member in members {
            guard let value = Self.value(of: member.value) else {
                throw PluginError(
                    "\(locator.location(at: member.value.offset)): `\(member.key)` must be a number, text, a boolean or a list of them, not \(member.value.typeName)"
                )
            }
            let origin = isDefault ? "default" : locator.location(at: member.value.offset).description
            settings.append(Setting(key: member.key, value: value, origin: origin))
        }
        return PluginConfiguration(settings: settings)
    }

    /// These defaults with the analyst's settings laid over them, key by key. Every overriding
    /// key must exist in the defaults with a value of the same type.
    public func overridden(by user: PluginConfiguration) throws(PluginError) -> PluginConfiguration {
        var merged = settings
        for setting in user.settings {
            guard let position = merged.firstIndex(where: { $0.key == setting.key }) else {
                throw PluginError(
                    "\(setting.origin): unknown setting `\(setting.key)`",
                    hint: "settings: " + settings.map(\.key).joined(separator: ", "))
            }
            if let expected = merged[position].value.type, let actual = setting.value.type, !expected.accepts(actual) {
                throw PluginError(
                    "\(setting.origin): `\(setting.key)` must be \(expected.rawValue), not \(actual.rawValue)")
            }
            merged[position] = setting
        }
        return PluginConfiguration(settings: merged)
    }

    private static func value(of json: JSONValue) -> Value? {
        switch json.content {
        case .null: .null
        case .bool(let flag): .bool(flag)
        case .int(let number): .int(number)
        case .double(let number): .double(number)
        case .string(let text): .string(text)
        case .array(let elements):
            elements.reduce(into: [Value]?.some([])) { list, element in
                if let value = value(of: element) { list?.append(value) } else { list = nil }
            }.map(Value.list)
        case .object: nil
        }
    }
}
