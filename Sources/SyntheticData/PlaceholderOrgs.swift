/// Names of the placeholder organisations synthetic incidents target: a sector word and a
/// number ("Think tank 007"), never a real victim's name.
enum PlaceholderOrgs {
    static let sectorNames: [String: String] = [
        "think-tank": "Think tank",
        "government": "Government office",
        "politics": "Politician's office",
        "media": "Media outlet",
        "academia": "University or research institute",
        "semiconductor": "Semiconductor company",
        "manufacturing": "Manufacturer",
        "ict": "ICT company",
        "aerospace": "Aerospace organisation",
    ]

    /// The id and name of the `number`-th placeholder of a sector, zero-padded to `width`.
    static func org(sector: String, number: Int, width: Int) -> (id: String, name: String) {
        let digits = String(number)
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return ("org-\(sector)-\(padded)", "\(sectorNames[sector] ?? sector) \(padded)")
    }
}
