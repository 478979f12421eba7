/// An extra header field of a draft (`X-Campaign`, `List-Unsubscribe`, `In-Reply-To`…). Its name must be an
/// RFC 5322 field name and not one the builder writes itself (`MessageBuilder.isStructural(name:)`).
public struct DraftHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
