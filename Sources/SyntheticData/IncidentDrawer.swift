import Foundation
import IncidentGraph
import WorkSchedules

/// Draws the incidents of one campaign in one month: timestamps from a working-time schedule
/// (or, for the noise share, from any time), then target sector, vector, lure, outcome,
/// malware and vulnerability, always in the same order so that a seed fixes everything.
struct IncidentDrawer {
    let schedule: WorkSchedule
    let noise: Double

    func draw(
        _ count: Int, of campaignIndex: Int, in month: (year: Int, month: Int), random: inout SeededRandom
    ) -> [SyntheticIncident] {
        let campaign = SyntheticModel.campaigns[campaignIndex]
        let days = Self.days(of: month).filter { $0 >= campaign.start && $0 <= campaign.end }
        let workingDays = days.filter { !schedule.workingMinutes(on: $0).isEmpty }
        return (0..<count).map { order in
            let (ts, drawnFrom) = drawTime(days: days, workingDays: workingDays, random: &random)
            let sector = random.weighted(campaign.sectors)
            let vector = random.weighted(campaign.vectors)
            let day = ts.day
            let lure = campaign.isEmail ? drawLure(campaign: campaign, vector: vector, on: day, random: &random) : nil
            let outcome = random.weighted(SyntheticModel.outcomes)
            let files: Int? =
                switch outcome {
                case "viewed": random.logUniform(1, 50)
                case "stolen": random.logUniform(1, 500)
                default: nil
                }
            let accounts: Int? = !campaign.isEmail && outcome != "none" ? random.logUniform(1, 20) : nil
            return SyntheticIncident(
                campaignIndex: campaignIndex, drawOrder: order, ts: ts, drawnFrom: drawnFrom, sector: sector,
                vector: vector, lure: lure, outcome: outcome, filesExfiltrated: files, accountsCompromised: accounts,
                malware: drawMalware(campaign: campaign, on: day, random: &random),
                vulnerability: drawVulnerability(vector: vector, random: &random))
        }
    }

    /// A time in working hours of a working day, or for the noise share any second of any day.
    private func drawTime(days: [Day], workingDays: [Day], random: inout SeededRandom) -> (Instant, String) {
        let second = Int64(random.below(60)) * 1000
        if random.chance(noise) || workingDays.isEmpty {
            let day = days[random.below(days.count)]
            let instant = schedule.clock.instant(day: day, minute: random.below(1440))
            return (Instant(millisecondsSinceEpoch: instant.millisecondsSinceEpoch + second), "noise")
        }
        let day = workingDays[random.below(workingDays.count)]
        let blocks = schedule.workingMinutes(on: day)
        var minute = random.below(blocks.reduce(0) { $0 + $1.count })
        for block in blocks {
            if minute < block.count {
                minute += block.lowerBound
                break
            }
            minute -= block.count
        }
        let instant = schedule.clock.instant(day: day, minute: minute)
        return (Instant(millisecondsSinceEpoch: instant.millisecondsSinceEpoch + second), "schedule")
    }

    private func drawLure(campaign: CampaignModel, vector: String, on day: Day, random: inout SeededRandom)
        -> SyntheticLure
    {
        let english = random.chance(SyntheticModel.englishShare)
        let delivery = vector == "spear-phishing-link" ? "link" : "attachment"
        if random.chance(SyntheticModel.ordinarySubjectShare) {
            let pick = LureCatalogue.ordinary[random.below(LureCatalogue.ordinary.count)]
            let pdf = random.chance(0.5)
            return SyntheticLure(
                subject: english ? pick.english : pick.japanese, subjectEnglish: pick.english, theme: "ordinary",
                cue: nil,
                language: english ? "en" : "ja", attachment: pdf ? (english ? "document.pdf" : "資料.pdf") : nil,
                delivery: "attachment", isLure: false)
        }
        let current = (LureCatalogue.themeWeights[campaign.id] ?? []).filter { entry in
            LureCatalogue.themes[entry.0].map { LureCatalogue.isCurrent($0, on: day) } ?? false
        }
        let themeID = random.weighted(current.isEmpty ? [("international-affairs", 1)] : current)
        let cueID = random.weighted(LureCatalogue.cueWeights[campaign.id] ?? [("report-review", 1)])
        let theme =
            LureCatalogue.themes[themeID]
            ?? LureCatalogue.Theme(
                id: themeID, japanese: themeID, english: themeID, from: "", until: "")
        let cue =
            LureCatalogue.cues[cueID]
            ?? LureCatalogue.Cue(
                id: cueID, japanese: "{}", english: "{}", stemJapanese: "資料", stemEnglish: "Document")
        let subjectEnglish = cue.subject(theme.english, english: true)
        let subject = english ? subjectEnglish : cue.subject(theme.japanese, english: false)
        return SyntheticLure(
            subject: subject, subjectEnglish: subjectEnglish, theme: theme.id, cue: cue.id,
            language: english ? "en" : "ja",
            attachment: LureCatalogue.attachment(
                stem: english ? cue.stemEnglish : cue.stemJapanese, delivery: delivery, on: day),
            delivery: delivery, isLure: true)
    }

    /// Malware per campaign (assumptions from the reported families): LODEINFO in A, with
    /// DOWNIISSA from 2022 (S25) and MirrorStealer around LiberalFace (S26); ANEL in C with
    /// ROAMINGHOUSE (S30); HiddenFace/NOOPDOOR or Cobalt Strike after intrusions in B (S32).
    private func drawMalware(campaign: CampaignModel, on day: Day, random: inout SeededRandom) -> [String] {
        let (year, month, _) = day.components
        switch campaign.id {
        case "campaign-a":
            var families = ["lodeinfo"]
            if (year, month) >= (2022, 3), random.chance(0.5) { families.append("downiissa") }
            if year == 2022, (6...7).contains(month), random.chance(0.5) { families.append("mirrorstealer") }
            return families
        case "campaign-c":
            return random.chance(0.5) ? ["anel", "roaminghouse"] : ["anel"]
        default:
            return [random.chance(0.6) ? "hiddenface" : "cobalt-strike"]
        }
    }

    /// The exploited CVE of an intrusion (assumption: Array AG and FortiGate equally for VPN
    /// devices, S29, S32; Proself for some web-application cases; none for stolen credentials).
    private func drawVulnerability(vector: String, random: inout SeededRandom) -> String? {
        switch vector {
        case "vpn-device": random.chance(0.5) ? "cve-2023-28461" : "cve-2023-27997"
        case "web-application": random.chance(0.4) ? "cve-2023-45727" : nil
        default: nil
        }
    }

    /// Every day of a month.
    static func days(of month: (year: Int, month: Int)) -> [Day] {
        (1...31).compactMap { Day(year: month.year, month: month.month, day: $0) }
    }
}
