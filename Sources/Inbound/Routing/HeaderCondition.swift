import Foundation
import MIME

/// A route condition on a header of the message: the first field with this name (compared without regard
/// to case) must have a decoded value the glob matches, also without regard to case.
public struct HeaderCondition: Sendable {
    public var name: String
    public var value: String
    private let lowercasedName: String
    private let pattern: [Character]

    public init(name: String, value: String) {
        self.name = name
        self.value = value
        lowercasedName = name.lowercased()
        pattern = Array(value.lowercased())
    }

    /// `headers` are (name, decoded value) pairs in message order.
    public func matches(_ headers: [(name: String, value: String)]) -> Bool {
        guard let field = headers.first(where: { $0.name.lowercased() == lowercasedName }) else { return false }
        let trimmed = field.value.trimmingCharacters(in: .whitespaces)
        return AddressPattern.glob(pattern, Array(trimmed.lowercased()))
    }
}
