/// A header as sent or received; names compare case-insensitively where it matters (`HTTPResponse.header`).
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
