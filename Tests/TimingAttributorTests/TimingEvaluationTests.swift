import PluginAPI
import Testing
import WorkSchedules

@testable import TimingAttributor

@Suite("Timing attributor on generated samples")
struct TimingEvaluationTests {
    let schedules: [WorkSchedule]

    init() throws {
        schedules = try ScheduleBook.shipped().schedules
    }

    @Test("each schedule is named at 210 events; the attributor is never wrong with confidence")
    func perHypothesis() throws {
        let times = schedules.map { WorkingTime($0, days: TimingEvaluation.window) }
        var random = SampleRandom(seed: 7)
        for (truth, time) in zip(schedules, times) {
            var outcomes = TimingEvaluation.Outcomes()
            for _ in 0..<10 {
                let sample = TimingEvaluation.sample(210, from: time, random: &random)
                let attribution = try TimingAttribution(
                    sample, times: times, days: TimingEvaluation.window, thresholds: .init(), cancellation: .never)
                outcomes.add(attribution, truth: truth.code)
            }
            #expect(outcomes.wrong == 0, "\(truth.code)")
            // Uniform samples of 210 cannot rule out a faint schedule: the attributor abstains.
            if truth.code != TimingAttribution.null { #expect(outcomes.correct >= 9, "\(truth.code)") }
        }
    }

    @Test("the evaluation holds its targets: 95 % named at 210 events, China and Taiwan apart, never wrongly sure")
    func targets() throws {
        let evaluation = try TimingEvaluation(
            schedules: schedules, trials: 10, thresholds: .init(), cancellation: .never)
        for size in TimingEvaluation.sizes {
            let all = try #require(evaluation.all[size])
            #expect(Double(all.wrong) < 0.02 * Double(all.trials), "size \(size)")
            let pair = try #require(evaluation.chinaTaiwan[size])
            #expect(Double(pair.wrong) < 0.02 * Double(pair.trials), "size \(size)")
        }
        let at210 = try #require(evaluation.all[210])
        #expect(Double(at210.correct) >= 0.95 * Double(at210.trials))
        let pair = try #require(evaluation.chinaTaiwan[210])
        #expect(Double(pair.correct) >= 0.9 * Double(pair.trials))
        #expect(evaluation.tables.count == 3)
    }
}
