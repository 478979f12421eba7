/// Why a send request cannot be accepted, with the request field at fault as a JSON pointer (`/to/3`).
public struct OutboundRefusal: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// Well-formed but not sendable (the API's 422).
        case unprocessable
        /// The built message is over the relay's size limit (413).
        case tooLarge
        /// The API key may not send as this sender (403).
        case forbidden
    }

    public var kind: Kind
    public var field: String?
    public var message: String

    public init(_ kind: Kind, field: String?, _ message: String) {
        self.kind = kind
        self.field = field
        self.message = message
    }

    public var description: String { "\(field.map { "\($0): " } ?? "")\(message)" }
}
