import Foundation

/// The course shipped inside Kagami: the tour, the tutorial and the graded exercises. Its
/// editable source is the repository's `sessions/` folder; the build copies it into the
/// program's resources, so `kagami tutorial` and `kagami exercise N` work from any folder.
public enum Course {
    /// The installed course folder, nil when this installation lacks it.
    public static var folder: String? {
        Bundle.module.url(forResource: "Course", withExtension: nil)?.path
    }

    /// The exercises, numbered in name order.
    public static var exercises: String? { folder.map { $0 + "/exercises" } }

    /// The tutorial session.
    public static var tutorial: String? { folder.map { $0 + "/tutorial/first-steps.kagami" } }
}
