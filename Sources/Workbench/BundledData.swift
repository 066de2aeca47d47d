import Foundation
import IncidentGraph

/// The MirrorFace data set shipped with Kagami, loaded at start-up unless `--data` names another.
public enum BundledData {
    /// The bundled set: the reported layer merged with the synthetic layer generated for the
    /// documented seed (`make data` regenerates it).
    public static func mirrorFace() throws(GraphError) -> GraphDocument {
        try GraphFile.read(path: try path(of: bundledFile))
    }

    /// The reported layer alone: facts from public reporting, each citing its sources; the
    /// input of `kagami generate`.
    public static func reportedLayer() throws(GraphError) -> GraphDocument {
        try GraphFile.read(path: try path(of: reportedFile))
    }

    /// File name of the bundled set, as `make data` writes it.
    public static let bundledFile = "mirrorface.json"
    /// File name of the reported layer.
    public static let reportedFile = "mirrorface-reported.json"

    /// Where a bundled data file is installed.
    public static func path(of file: String) throws(GraphError) -> String {
        let name = (file as NSString).deletingPathExtension
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Data") else {
            throw GraphError(.io, "the bundled data file \(file) is missing from this installation")
        }
        return url.path
    }
}
