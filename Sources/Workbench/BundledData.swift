import Foundation
import IncidentGraph

/// The MirrorFace data set shipped with Kagami, loaded at start-up unless `--data` names another.
public enum BundledData {
    /// The reported layer: facts from public reporting, each citing its sources.
    public static func mirrorFace() throws(GraphError) -> GraphDocument {
        guard
            let url = Bundle.module.url(forResource: "mirrorface-reported", withExtension: "json", subdirectory: "Data")
        else {
            throw GraphError(.io, "the bundled MirrorFace data set is missing from this installation")
        }
        return try GraphFile.read(path: url.path)
    }
}
