// swift-tools-version:6.0
//
// Kagami — a scriptable, plugin-based analysis workbench for cyber-campaign data.
// The manifest reads as the architecture: see ../shared/DESIGN.md (copied in docs/design.md)
// for the direction of dependencies. Nothing below `Workbench` touches a terminal.

import PackageDescription

let package = Package(
    name: "Kagami",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "kagami", targets: ["kagami"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // MARK: - The graph

        /// "Did you mean" suggestions by edit distance; a leaf both the graph and the language use.
        .target(name: "Spelling"),
        /// Values, kinds, schema, provenance, columnar storage, indexes, JSON / JSON Lines I/O.
        .target(name: "IncidentGraph", dependencies: ["Spelling"]),

        /// Working-time hypotheses: time zones, working weeks, office hours, holiday calendars.
        .target(
            name: "WorkSchedules",
            dependencies: ["IncidentGraph"],
            resources: [.copy("Calendars"), .copy("schedules.json")]
        ),
        /// The seeded generator of the synthetic incident layer (`kagami generate`).
        .target(name: "SyntheticData", dependencies: ["IncidentGraph", "WorkSchedules"]),

        // MARK: - The language and the plugin surface

        /// Source text and statement completeness (the lexer and parser grow here).
        .target(name: "QuerySyntax", dependencies: ["Spelling"]),
        /// What a plugin sees: tables of rows, cancellation.
        .target(name: "PluginAPI", dependencies: ["IncidentGraph"]),
        /// Evaluates parsed statements over the graph: sources, stages, expressions, functions.
        .target(name: "QueryEngine", dependencies: ["IncidentGraph", "QuerySyntax", "PluginAPI", "Spelling"]),

        // MARK: - The analysis plugins (each depends on PluginAPI alone)

        /// `classify phases`, `discover phases`, `phase_of`: the reported campaign phases.
        .target(
            name: "PhaseClassifier",
            dependencies: ["PluginAPI"],
            path: "plugins/PhaseClassifier",
            resources: [.copy("Data")]
        ),

        /// `attribute timing`, `in_schedule`: which working-time hypothesis explains the timestamps.
        /// Also uses `WorkSchedules`, the hypotheses and calendars the generator draws from.
        .target(
            name: "TimingAttributor",
            dependencies: ["PluginAPI", "WorkSchedules"],
            path: "plugins/TimingAttributor",
            resources: [.copy("Data")]
        ),

        /// `score lures`, `lure_score`, `lure_themes`: Japanese and English lure subjects.
        .target(
            name: "LureScorer",
            dependencies: ["PluginAPI"],
            path: "plugins/LureScorer",
            resources: [.copy("Data")]
        ),
        /// `make lure-weights`: refits the lure scorer's weights on its corpus.
        .executableTarget(name: "lure-weights", dependencies: ["LureScorer"], path: "plugins/LureScorerTrainer"),

        // MARK: - Interchange

        /// Writers (and, to come, readers) of other tools' formats: Graphviz DOT so far.
        .target(name: "Interchange", dependencies: ["IncidentGraph"]),

        // MARK: - The workbench

        /// The workspace, the `:command` table, bare sources and the renderers; no terminal.
        /// Ships the bundled data and the course (tour, tutorial, exercises: `sessions/` links here).
        .target(
            name: "Workbench",
            dependencies: [
                "IncidentGraph", "Interchange", "PluginAPI", "QuerySyntax", "QueryEngine", "Spelling", "CHeap",
            ],
            resources: [.copy("Data"), .copy("Course")]
        ),

        /// glibc's allocator settings (`mallopt`, `malloc_trim`), which the Glibc module leaves out:
        /// the programs set them as they start (`HeapSettings`).
        .systemLibrary(name: "CHeap"),

        // MARK: - The terminal

        /// libedit, reached through non-variadic shims (Swift rejects C variadics).
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        /// The line-reading seam: libedit at a terminal, plain lines from pipes, and the REPL loop.
        .target(name: "LineEditor", dependencies: ["CLibEdit"]),

        // MARK: - The program

        /// Flags and wiring only.
        .executableTarget(
            name: "kagami",
            dependencies: [
                "Workbench", "LineEditor", "IncidentGraph", "PluginAPI", "QuerySyntax", "SyntheticData",
                "WorkSchedules", "PhaseClassifier", "TimingAttributor", "LureScorer", "Interchange",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: - Benchmarks

        /// `make bench`: start-up to the first prompt, bundled-data load, large-graph load and memory.
        .executableTarget(
            name: "kagami-bench",
            dependencies: [
                "IncidentGraph", "Interchange", "Workbench", "QueryEngine", "SyntheticData", "WorkSchedules",
                "TestSupport", "PluginAPI", "PhaseClassifier", "TimingAttributor", "LureScorer",
            ],
            path: "Benchmarks",
            exclude: ["peers.sh", "duckdb_lines.py", "other_shapes.py"]
        ),

        // MARK: - Tests

        /// Helpers shared by the test targets: a pseudo-terminal driver, paths to the built program.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "IncidentGraphTests", dependencies: ["IncidentGraph", "TestSupport"]),
        .testTarget(
            name: "WorkbenchTests",
            dependencies: [
                "Workbench", "PluginAPI", "QuerySyntax", "PhaseClassifier", "TimingAttributor", "LureScorer",
                "TestSupport",
            ]),
        .testTarget(name: "LineEditorTests", dependencies: ["LineEditor"]),
        .testTarget(name: "QuerySyntaxTests", dependencies: ["QuerySyntax"]),
        .testTarget(
            name: "QueryEngineTests",
            dependencies: [
                "QueryEngine", "QuerySyntax", "IncidentGraph", "PluginAPI", "Workbench", "SyntheticData",
                "WorkSchedules", "TestSupport",
            ],
            exclude: ["Corpus"]),
        .testTarget(name: "WorkSchedulesTests", dependencies: ["WorkSchedules"]),
        .testTarget(name: "PluginAPITests", dependencies: ["PluginAPI"]),
        .testTarget(
            name: "InterchangeTests", dependencies: ["Interchange", "IncidentGraph", "Workbench"], exclude: ["Fixtures"]
        ),
        .testTarget(name: "LureScorerTests", dependencies: ["LureScorer", "PluginAPI"]),
        .testTarget(name: "TimingAttributorTests", dependencies: ["TimingAttributor", "PluginAPI", "WorkSchedules"]),
        .testTarget(
            name: "PhaseClassifierTests",
            dependencies: ["PhaseClassifier", "PluginAPI", "SyntheticData", "WorkSchedules", "Workbench"]),
        .testTarget(
            name: "SyntheticDataTests",
            dependencies: ["SyntheticData", "WorkSchedules", "Workbench", "IncidentGraph", "TestSupport"]),
        .testTarget(
            name: "KagamiEndToEndTests", dependencies: ["kagami", "TestSupport"], exclude: ["ExerciseSolutions"]),
    ],
    swiftLanguageModes: [.v6]
)

// MARK: - Fuzzing (`make fuzz`)

/// libFuzzer targets, one per reader of hostile input, each an executable whose only file
/// defines `LLVMFuzzerTestOneInput` (docs/fuzzing.md). They link only with
/// `--sanitize=fuzzer`, so they exist only when `make fuzz` sets `KAGAMI_FUZZ`.
if Context.environment["KAGAMI_FUZZ"] != nil {
    let harnesses: [(name: String, dependencies: [Target.Dependency])] = [
        ("QueryText", ["QueryEngine", "IncidentGraph", "Workbench"]),
        ("GraphFiles", ["IncidentGraph"]),
        ("TabularFiles", ["Interchange", "IncidentGraph"]),
        ("StixBundles", ["Interchange", "IncidentGraph", "Workbench"]),
        ("SessionFiles", ["Workbench"]),
    ]
    for harness in harnesses {
        package.targets.append(
            .executableTarget(
                name: "fuzz-" + harness.name, dependencies: harness.dependencies, path: "Fuzz/" + harness.name))
    }
}
