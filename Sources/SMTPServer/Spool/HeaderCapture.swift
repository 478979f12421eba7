/// Keeps the start of a message as it streams past, up to the blank line that ends its header (or a
/// bound), so routing and the sender check can look at header fields without holding the body.
public struct HeaderCapture: Sendable {
    /// Octets of header kept per message being received: what a session may hold on top of its buffers.
    public static let limit = 65_536
    private(set) var bytes: [UInt8] = []
    private(set) var complete = false
    /// The header went on past ``limit``: `bytes` is only its start, and a check that must see every field
    /// cannot be made.
    private(set) var truncated = false

    init() {}

    mutating func feed(_ chunk: some Collection<UInt8>) {
        guard !complete else { return }
        // A blank line that began in the previous chunk can only be a CR waiting for its LF.
        var lineStart = max(0, bytes.count - 1)
        bytes += chunk.prefix(Self.limit - bytes.count)
        while lineStart < bytes.count {
            // A blank line (LF or CR LF) at the start of a line, the message's first line included (a
            // message with no header at all), ends the header.
            if lineStart == 0 || bytes[lineStart - 1] == 0x0A {
                if bytes[lineStart] == 0x0A || (bytes[lineStart] == 0x0D && lineStart + 1 < bytes.count && bytes[lineStart + 1] == 0x0A) {
                    bytes.removeSubrange(lineStart...)
                    complete = true
                    return
                }
            }
            lineStart += 1
        }
        if bytes.count >= Self.limit {
            complete = true
            truncated = true
        }
    }
}
