import IncidentGraph

/// The groups of a key of one part whose values are texts (`count by lower(subject)`, `by
/// coalesce(name, id)`),
/// found by the texts' UTF-8 bytes (``TextNumbering``: no `String` hashed) while every text met
/// is surely in Unicode normal form C (``UnicodeScalarsInNFC``): two such texts are equal as
/// strings only when their bytes are. A text that is not surely in it ends this: the texts met
/// are handed back with their groups, to be found by `String` equality, which equates
/// canonically equivalent texts (`é` written two ways), as any other value's group is.
struct TextKeyGroups {
    private var numbering = TextNumbering()
    /// The group of each text, by its number.
    private var groupOfText: [Int32] = []

    /// The group of `text`, which is surely in normal form C; `newGroup` gives the group of a
    /// text met first.
    mutating func group(of text: String, newGroup: () -> Int32) -> Int32 {
        let number = Int(numbering.number(of: text))
        if number < groupOfText.count { return groupOfText[number] }
        let group = newGroup()
        groupOfText.append(group)
        return group
    }

    /// The texts met, each with its group.
    var groups: Zip2Sequence<[String], [Int32]> { zip(numbering.texts, groupOfText) }
}
