import PluginAPI

/// Statements `:plugins check` runs on the loaded data (written for the bundled MirrorFace
/// set), with the results they must give.
enum PhaseSelfTests {
    static let all: [SelfTest] = [
        // JAXA, June 2023: inside the windows of phases 1 and 2; aerospace and the intrusion decide.
        SelfTest("phase_of(@inc-jaxa-2023-06)", expected: "2"),
        SelfTest(
            "incidents | where true_phase is not null | classify phases | where phase != true_phase | count",
            expected: "count\n0"),
        SelfTest(
            "incidents | discover phases 3 | select period, from",
            expected: "period,from\n1,2019-12-01\n2,2023-02-01\n3,2024-06-01"),
    ]
}
