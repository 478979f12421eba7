/// A qualifier and its mechanism, with the term as written (what a verdict names as its reason).
public struct SPFDirective: Sendable, Equatable {
    public var qualifier: SPFQualifier
    public var mechanism: SPFMechanism
    public var text: String

    public init(qualifier: SPFQualifier, mechanism: SPFMechanism, text: String) {
        self.qualifier = qualifier
        self.mechanism = mechanism
        self.text = text
    }
}
