@_exported import IncidentGraph

/// The version of the plugin interface this build of Kagami offers. A plugin states the range
/// it supports; one whose range does not include this version is skipped with its reason.
public enum PluginInterface {
    /// The current version.
    public static let version = 1
}

/// An analysis that adds stages, functions, `:commands`, help and self-tests to Kagami.
///
/// The `kagami` program lists its built-in plugins and asks each, once at start-up, to
/// `register` what it contributes. A plugin never prints: it returns rows, values, tables or a
/// `PluginError`, and the workbench renders them.
public protocol Plugin: Sendable {
    /// Its name, as `:plugins`, `--plugin` and configuration files know it (`phase-classifier`).
    var name: String { get }
    /// Its own version, shown by `:plugins`.
    var version: String { get }
    /// One line saying what it does.
    var summary: String { get }
    /// The plugin interface versions it was written against.
    var supportedInterfaceVersions: ClosedRange<Int> { get }
    /// Its default configuration as JSON text (a data file in its folder), or nil if it has none.
    /// The analyst's `plugins/<name>.json` overrides it key by key.
    func defaultConfiguration() throws(PluginError) -> String?
    /// Adds the plugin's contributions; `registrar.configuration` holds the effective settings.
    func register(into registrar: inout PluginRegistrar) throws(PluginError)
}
