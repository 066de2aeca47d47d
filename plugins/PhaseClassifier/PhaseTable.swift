import Foundation
import PluginAPI

/// The reported phases (`Data/phases.json`): each phase's window, focus sectors and
/// initial-access vectors, as the NPA described them.
struct PhaseTable: Sendable {
    /// One reported phase.
    struct Phase: Sendable, Equatable {
        /// Its number (1, 2, 3).
        let number: Int
        /// What characterises it.
        let name: String
        /// First day of its window.
        let start: Day
        /// Last day of its window; nil while ongoing.
        let end: Day?
        /// Sector ids it focused on.
        let sectors: Set<String>
        /// Initial-access vectors it used.
        let vectors: Set<String>

        /// The window as text (`2023-02-01..2023-10-31`, `2024-06-01..`).
        var window: String { start.iso8601 + ".." + (end?.iso8601 ?? "") }

        /// Days from the window to `day`: 0 inside, otherwise how far outside.
        func distance(to day: Day) -> Int {
            if day < start { return Int(start.daysSinceEpoch - day.daysSinceEpoch) }
            if let end, day > end { return Int(day.daysSinceEpoch - end.daysSinceEpoch) }
            return 0
        }
    }

    /// The phases, in order.
    let phases: [Phase]

    /// Reads the table from its JSON text.
    init(json: Data) throws(PluginError) {
        struct File: Decodable {
            struct Entry: Decodable {
                let phase: Int
                let name: String
                let start: String
                let end: String?
                let sectors: [String]
                let vectors: [String]
            }
            let phases: [Entry]
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: json)
        } catch {
            throw PluginError(
                "the phase table is not valid: \(error)", hint: "see plugins/PhaseClassifier/Data/phases.json")
        }
        var phases: [Phase] = []
        for entry in file.phases {
            guard let start = Day(iso8601: entry.start) else {
                throw PluginError("phase \(entry.phase): start `\(entry.start)` is not a date (YYYY-MM-DD)")
            }
            let end = entry.end.flatMap { Day(iso8601: $0) }
            guard entry.end == nil || end.map({ $0 >= start }) == true else {
                throw PluginError("phase \(entry.phase): end `\(entry.end ?? "")` is not a date on or after its start")
            }
            phases.append(
                Phase(
                    number: entry.phase, name: entry.name, start: start, end: end, sectors: Set(entry.sectors),
                    vectors: Set(entry.vectors)))
        }
        guard !phases.isEmpty, Set(phases.map(\.number)).count == phases.count else {
            throw PluginError("the phase table needs at least one phase, each with its own number")
        }
        self.phases = phases
    }

    /// The table shipped with the plugin.
    static func bundled() throws(PluginError) -> PhaseTable {
        try PhaseTable(json: try PhaseClassifierFiles.data(named: "phases"))
    }
}

/// The plugin's data files, shipped as resources beside its code.
enum PhaseClassifierFiles {
    /// The contents of `Data/NAME.json`.
    static func data(named name: String) throws(PluginError) -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Data"),
            let data = try? Data(contentsOf: url)
        else {
            throw PluginError("its data file \(name).json is missing", hint: "rebuild Kagami (`make run`)")
        }
        return data
    }
}
