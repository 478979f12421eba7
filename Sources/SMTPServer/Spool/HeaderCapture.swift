/// Keeps the start of a message as it streams past, up to the blank line that ends its header (or a
/// bound), so routing can look at header fields without holding the body.
struct HeaderCapture: Sendable {
    static let limit = 65_536
    private(set) var bytes: [UInt8] = []
    private(set) var complete = false

    mutating func feed(_ chunk: some Collection<UInt8>) {
        guard !complete else { return }
        let searchFrom = max(0, bytes.count - 3)
        bytes += chunk.prefix(Self.limit - bytes.count)
        var index = searchFrom
        while index + 1 < bytes.count {
            if bytes[index] == 0x0A {
                // LF LF or LF CR LF: the header ended at `index`.
                if bytes[index + 1] == 0x0A || (bytes[index + 1] == 0x0D && index + 2 < bytes.count && bytes[index + 2] == 0x0A) {
                    bytes.removeSubrange((index + 1)...)
                    complete = true
                    return
                }
            }
            index += 1
        }
        if bytes.count >= Self.limit { complete = true }
    }
}
