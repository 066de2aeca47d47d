import Foundation

/// Paths to the programs `swift build` made, for end-to-end tests.
public enum BuiltProgram {
    /// The `kagami` executable beside the running test bundle.
    public static var kagami: String {
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // The test runner may be inside `…/debug/KagamiPackageTests.xctest/…`.
        while !folder.path.isEmpty, folder.path != "/" {
            let candidate = folder.appendingPathComponent("kagami").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/kagami").path
    }

    /// The folder every test folder of this process is made in, removed when the process ends.
    private static let root: String = {
        let path = NSTemporaryDirectory() + "kagami-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: BuiltProgram.root) }
        return path
    }()

    /// A fresh, empty folder for one test's files (history, state).
    public static func temporaryFolder() throws -> String {
        let path = root + "/\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Runs `kagami` with arguments and standard input, waiting for it to finish; with
    /// `standardOutput`, its output goes to that file instead of being returned; with
    /// `folder`, it starts there.
    public static func run(
        _ arguments: [String], input: String = "", environment: [String: String] = [:], standardOutput: String? = nil,
        in folder: String? = nil
    ) throws -> (status: Int32, output: String, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: kagami)
        process.arguments = arguments
        if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
        var merged = ProcessInfo.processInfo.environment
        // Snapshots of the tests' data go to the tests' own folder, not the user's cache.
        merged["XDG_CACHE_HOME"] = root + "/cache"
        merged.merge(environment) { $1 }
        process.environment = merged
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        if let standardOutput {
            process.standardOutput = FileHandle(forWritingAtPath: standardOutput)
        } else {
            process.standardOutput = stdout
        }
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let output = standardOutput == nil ? stdout.fileHandleForReading.readDataToEndOfFile() : Data()
        let error = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: error, as: UTF8.self)
        )
    }
}
