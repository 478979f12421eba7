import HTTPTypes
import MIME

/// Which sender addresses each API key may use (`http.key_senders`), in `from` and in the envelope sender
/// alike, with the patterns of `smtp.senders`. Keys without a rule may use any sender.
public struct APIKeySenders: Sendable {
    private let patterns: [String: [AddressPattern]]

    /// `patterns`: per key name, the address patterns allowed.
    public init(_ patterns: [String: [AddressPattern]] = [:]) {
        self.patterns = patterns
    }

    /// The refusal for the first address the key may not use, nil to accept. `from` is the header's address,
    /// `mailFrom` the envelope sender when the request sets one (`""` is the null sender, which a restricted key
    /// may not use, as a restricted SMTP user may not).
    func refusal(key: String?, from: String?, mailFrom: String?) -> APIError? {
        guard let key, let allowed = patterns[key] else { return nil }
        for (field, address) in [("/from", from), ("/envelope/mail_from", mailFrom)] {
            guard let address else { continue }
            if address.isEmpty || !allowed.contains(where: { $0.matches(address) }) {
                let shown = address.isEmpty ? "the null sender <>" : "<\(address)>"
                return APIError(
                    status: .forbidden, code: "sender_not_allowed",
                    message: "this API key may not send as \(shown) (allowed: \(allowed.map(\.pattern).joined(separator: ", ")))",
                    field: field)
            }
        }
        return nil
    }
}
