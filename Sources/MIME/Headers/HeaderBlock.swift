/// The header fields of one entity (the message or a body part), and where its body starts.
struct HeaderBlock: Sendable {
    var fields: [RawHeaderField] = []
    /// Offset of the first body byte in the input.
    var bodyStart: Int
    /// Set when a limit stopped the block from being read whole.
    var truncation: TruncationReason?

    func first(_ name: String) -> RawHeaderField? {
        let key = name.lowercased()
        return fields.first { $0.key == key }
    }
}
