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

    @Test("in-model: each schedule is named or abstained on at 210 events, never wrongly with confidence")
    func perHypothesis() throws {
        let times = WorkingTime.layOut(schedules, days: TimingEvaluation.window)
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
            #expect(outcomes.correct + outcomes.abstained == 10, "\(truth.code)")
        }
    }

    @Test("in-model: 80 % named at 210 events, China and Taiwan apart, never wrongly sure")
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
        #expect(Double(at210.correct) >= 0.8 * Double(at210.trials))
        let pair = try #require(evaluation.chinaTaiwan[210])
        #expect(Double(pair.correct) >= 0.9 * Double(pair.trials))
        #expect(evaluation.tables.count == 3)
    }

    @Test(
        "out-of-model: independent actors are almost never named wrongly with confidence; unmatched ones fit no hypothesis"
    )
    func outOfModel() throws {
        let evaluation = try OutOfModelEvaluation(
            schedules: schedules, trials: 10, thresholds: .init(), cancellation: .never)
        for size in OutOfModelEvaluation.sizes {
            let matched = try #require(evaluation.matched[size])
            #expect(Double(matched.wrong) <= 0.01 * Double(matched.trials), "size \(size): \(matched)")
            let unmatched = try #require(evaluation.unmatched[size])
            #expect(Double(unmatched.wrong) <= 0.01 * Double(unmatched.trials), "size \(size): \(unmatched)")
            #expect(Double(unmatched.noFit) >= 0.9 * Double(unmatched.trials), "size \(size): \(unmatched)")
        }
        let unmatched = try #require(evaluation.unmatched[210])
        #expect(Double(unmatched.noFit) >= 0.95 * Double(unmatched.trials))
        // Issue 15's targets at 210 events: at least 90 % named (here 92 %, 85 % allowed for
        // the smaller sample), the true one ranked first in 90 %.
        let matched = try #require(evaluation.matched[210])
        #expect(Double(matched.correct) >= 0.85 * Double(matched.trials))
        #expect(Double(matched.trueFirst) >= 0.9 * Double(matched.trials))
        // At 60 events: the true one ranked first in at least 75 % (issue 15's "correct"), and
        // named or led to in most samples, the rest undecided rather than wrong.
        let few = try #require(evaluation.matched[60])
        #expect(Double(few.trueFirst) >= 0.75 * Double(few.trials), "\(few)")
        #expect(Double(few.correct + few.ledRight) >= 0.6 * Double(few.trials), "\(few)")
        #expect(Double(few.ledWrong) <= 0.1 * Double(few.trials), "\(few)")
        #expect(evaluation.tables.count == 5 && evaluation.tables.allSatisfy { $0.title.hasPrefix("OUT-OF-MODEL") })
        // The accuracy a confident verdict states is what confident verdicts achieved here.
        let (named, right) = evaluation.reliability.totals
        #expect(named > 0 && Double(right) >= (TimingAttribution.accuracyWhenConfident - 0.03) * Double(named))
        // Every posterior the table shows, named or not, is a probability: in each band with
        // enough answers, the first-ranked place was right at least as often as the band's
        // lower edge says (less 5 points for the sample).
        for bin in evaluation.ranking.bins where bin.stated >= 20 {
            #expect(
                Double(bin.right) >= (bin.range.lowerBound - 0.05) * Double(bin.stated),
                "\(bin.range): \(bin.right) of \(bin.stated)")
        }
    }
}
