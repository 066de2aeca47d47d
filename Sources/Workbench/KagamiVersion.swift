/// The version of Kagami, shown by `--version` and the banner and recorded in saved sessions.
public enum KagamiVersion {
    /// Semantic version of this build.
    public static let current = "0.1.0"
}
