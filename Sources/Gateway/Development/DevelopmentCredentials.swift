/// What a development instance generated on its first start: shown once, never stored in clear.
public struct DevelopmentCredentials: Sendable {
    public var smtpUser: String?
    public var smtpPassword: String?
    public var apiKey: String?
    public var certificatePath: String?

    public var isEmpty: Bool {
        smtpPassword == nil && apiKey == nil && certificatePath == nil
    }
}
