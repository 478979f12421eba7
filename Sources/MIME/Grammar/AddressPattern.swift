/// An address pattern, for a route's recipients or the senders an SMTP user or an API key may use: `*` matches
/// any run of characters and `?` one (`*@support.example.com`, `billing+*@example.com`). The domain compares without
/// regard to case, as domains do; the local part exactly, as RFC 5321 leaves it to the receiving system.
public struct AddressPattern: Sendable, Hashable {
    public let pattern: String
    private let localPart: [Character]
    private let domain: [Character]

    public init(_ pattern: String) {
        self.pattern = pattern
        if let at = pattern.lastIndex(of: "@") {
            localPart = Array(pattern[..<at])
            domain = Array(pattern[pattern.index(after: at)...].lowercased())
        } else {
            // No @: the pattern is the whole address, e.g. `*`.
            localPart = Array(pattern)
            domain = []
        }
    }

    public func matches(_ address: String) -> Bool {
        guard !domain.isEmpty else { return Self.glob(localPart, Array(address)) }
        guard let at = address.lastIndex(of: "@") else { return false }
        return Self.glob(localPart, Array(address[..<at]))
            && Self.glob(domain, Array(address[address.index(after: at)...].lowercased()))
    }

    /// Iterative glob with single backtracking point: linear in practice, never exponential.
    package static func glob(_ pattern: [Character], _ text: [Character]) -> Bool {
        var p = 0, t = 0
        var starP = -1, starT = 0
        while t < text.count {
            if p < pattern.count && (pattern[p] == "?" || pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.count && pattern[p] == "*" {
                starP = p
                starT = t
                p += 1
            } else if starP >= 0 {
                p = starP + 1
                starT += 1
                t = starT
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == "*" { p += 1 }
        return p == pattern.count
    }
}
