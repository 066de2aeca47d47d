import Foundation
import PluginAPI
import QueryEngine

/// Which of the built-in plugins to load (`--no-plugins`, `--plugin NAME`).
public enum PluginSelection: Sendable, Equatable {
    /// Every plugin.
    case all
    /// None (`--no-plugins`).
    case none
    /// Only these (`--plugin NAME`, repeatable).
    case only([String])
}

/// Builds the registry at start-up: the language, then each plugin with its settings (its
/// defaults, overridden by the analyst's `plugins/<name>.json`), and finds user plugin files.
public struct PluginLoader {
    /// The registry of the language alone: what a workspace has without plugins.
    public static let languageOnly = PluginRegistry.language(commands: CommandTable.reservedNames)

    /// The analyst's configuration folder (`$XDG_CONFIG_HOME/kagami` or `~/.config/kagami`).
    public let configurationFolder: String?

    /// A loader reading the analyst's settings from the folder the environment names.
    public init(environment: [String: String]) {
        if let xdg = environment["XDG_CONFIG_HOME"], xdg.hasPrefix("/") {
            configurationFolder = xdg + "/kagami"
        } else if let home = environment["HOME"], home.hasPrefix("/") {
            configurationFolder = home + "/.config/kagami"
        } else {
            configurationFolder = nil
        }
    }

    /// A loader reading settings from `folder` (tests).
    public init(configurationFolder: String?) {
        self.configurationFolder = configurationFolder
    }

    /// The registry with the selected plugins loaded; the others are listed as not selected.
    public func registry(_ plugins: [any Plugin], selection: PluginSelection) -> PluginRegistry {
        var registry = Self.languageOnly
        for plugin in plugins {
            switch selection {
            case .all: break
            case .none:
                registry.skip(plugin, reason: "not selected (--no-plugins)")
                continue
            case .only(let names) where !names.contains(plugin.name):
                registry.skip(plugin, reason: "not selected (--plugin \(names.joined(separator: ", ")))")
                continue
            case .only: break
            }
            let defaults: PluginConfiguration
            do {
                defaults =
                    try plugin.defaultConfiguration().map { text throws(PluginError) in
                        try PluginConfiguration.parse(text, file: "\(plugin.name) defaults", isDefault: true)
                    } ?? .empty
            } catch {
                registry.skip(plugin, reason: "its default settings are unreadable: \(error.message)")
                continue
            }
            let (configuration, problem) = settings(of: plugin.name, over: defaults)
            registry.load(plugin, configuration: configuration, configurationProblem: problem)
        }
        return registry
    }

    /// The defaults overridden by the analyst's file, or the defaults and why the file was not used.
    private func settings(of name: String, over defaults: PluginConfiguration) -> (PluginConfiguration, String?) {
        guard let path = configurationFolder.map({ "\($0)/plugins/\(name).json" }),
            FileManager.default.fileExists(atPath: path)
        else { return (defaults, nil) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { return (defaults, "\(path): cannot be read as UTF-8 text; using the defaults") }
        do {
            return (try defaults.overridden(by: try PluginConfiguration.parse(text, file: path, isDefault: false)), nil)
        } catch {
            return (defaults, error.message + (error.hint.map { " (\($0))" } ?? "") + "; using the defaults")
        }
    }

    /// User plugin files, in order: `plugins/*.kagami` under `projectFolder` (named relative to
    /// it), then those in the analyst's configuration folder.
    public func userPluginFiles(projectFolder: String) -> [(path: String, text: String)] {
        let folders =
            [(projectFolder + "/plugins", "plugins")]
            + (configurationFolder.map { [($0 + "/plugins", $0 + "/plugins")] } ?? [])
        return folders.flatMap { folder, shownAs in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            return names.filter { $0.hasSuffix(".kagami") }.sorted().compactMap {
                name -> (path: String, text: String)? in
                guard let data = FileManager.default.contents(atPath: folder + "/" + name),
                    let text = String(data: data, encoding: .utf8)
                else { return nil }
                return (shownAs + "/" + name, text)
            }
        }
    }

    /// One line for each plugin the analyst should hear about at start-up: skipped for a
    /// reason other than selection, or settings not used.
    public static func startupNotes(_ registry: PluginRegistry, userPlugins: [UserPlugin]) -> [String] {
        var notes: [String] = []
        for plugin in registry.plugins {
            if case .skipped(let reason) = plugin.state, !reason.hasPrefix("not selected") {
                notes.append("kagami: plugin `\(plugin.name)` skipped: \(reason)")
            }
            if let problem = plugin.configurationProblem {
                notes.append("kagami: plugin `\(plugin.name)` settings: \(problem)")
            }
        }
        for plugin in userPlugins {
            if let problem = plugin.problem { notes.append("kagami: user plugin skipped: \(problem)") }
        }
        return notes
    }
}

/// A file of `def fn` / `def stage` statements read at start-up.
public struct UserPlugin: Sendable {
    /// Where it was read from.
    public let path: String
    /// Why it was skipped, if it was.
    public let problem: String?
    /// The names it defined.
    public let definitions: [String]
}
