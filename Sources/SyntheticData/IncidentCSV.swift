import Foundation
import IncidentGraph

/// The CSV form of synthetic incidents: one row per incident, RFC 4180 quoting.
enum IncidentCSV {
    static let header =
        "id,ts,campaign,true_phase,vector,target,sector,subject,subject_en,theme,cue,is_lure,attachment,delivery,"
        + "outcome,files_exfiltrated,accounts_compromised,malware,vulnerability,schedule,drawn_from"

    static func row(id: String, incident: SyntheticIncident, target: String, schedule: String) -> String {
        let campaign = SyntheticModel.campaigns[incident.campaignIndex]
        let lure = incident.lure
        let fields: [String] = [
            id, incident.ts.iso8601, campaign.id, String(campaign.phase), incident.vector, target, incident.sector,
            lure?.subject ?? "", lure?.subjectEnglish ?? "", lure?.theme ?? "", lure?.cue ?? "",
            lure.map { $0.isLure ? "true" : "false" } ?? "", lure?.attachment ?? "", lure?.delivery ?? "",
            incident.outcome, incident.filesExfiltrated.map(String.init) ?? "",
            incident.accountsCompromised.map(String.init) ?? "", incident.malware.joined(separator: ";"),
            incident.vulnerability ?? "", schedule, incident.drawnFrom,
        ]
        return fields.map(quote).joined(separator: ",")
    }

    /// A field, quoted when it holds a comma, quote or line break.
    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
