/// What to generate: how many incidents, from which seed, timed by which schedule, with how
/// much off-schedule noise.
public struct GeneratorOptions: Sendable, Equatable {
    /// Number of synthetic incidents (by default 206: with the four reported ones, the published 210).
    public var incidents: Int
    /// The seed; the same options always give byte-identical output.
    public var seed: UInt64
    /// Code of the working-time schedule timestamps are drawn from (`CN` by default).
    public var schedule: String
    /// Share (0–1) of timestamps drawn from any hour of any day instead.
    public var noise: Double

    /// Options; the defaults make the bundled set.
    public init(
        incidents: Int = SyntheticLayer.bundledSize, seed: UInt64 = SyntheticLayer.defaultSeed,
        schedule: String = "CN",
        noise: Double = SyntheticLayer.defaultNoise
    ) {
        self.incidents = incidents
        self.seed = seed
        self.schedule = schedule
        self.noise = noise
    }

    /// The command that reproduces these options.
    public var command: String {
        "kagami generate --incidents \(incidents) --seed \(seed) --schedule \(schedule) --noise \(noise)"
    }
}
