import LureScorer
import PhaseClassifier
import PluginAPI
import TimingAttributor

/// The analysis plugins built into Kagami, in the order they register.
enum BundledPlugins {
    static let all: [any Plugin] = [PhaseClassifierPlugin(), LureScorerPlugin(), TimingAttributorPlugin()]
}
