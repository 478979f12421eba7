/// Per-recipient results of one relayed transaction, in envelope order.
public struct SMTPDeliveryReport: Hashable, Sendable {
    public var results: [SMTPRecipientResult]

    public init(results: [SMTPRecipientResult]) {
        self.results = results
    }
}
