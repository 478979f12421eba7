/// Walks the store's pages for `GET /v1/messages`. The store filters what SQL can (recipient, tag, time); the
/// recipient status is derived in Swift by `RecipientStatusResolver`, the one rule, so a `status` filter is
/// applied here, page by store page. To bound one request's work, a scan stops after `budget` messages and
/// answers a shorter page whose cursor continues where it stopped.
struct OutboundListScan {
    var limit: Int
    var status: RecipientStatus?
    var budget: Int

    private(set) var kept: [OutboundMessageReport] = []
    private(set) var examined = 0

    init(limit: Int, status: RecipientStatus?, budget: Int) {
        self.limit = limit
        self.status = status
        self.budget = budget
    }

    /// Takes one message in the listing's order; false when the page is complete.
    mutating func take(_ report: OutboundMessageReport) -> Bool {
        examined += 1
        if status.map({ wanted in report.recipients.contains { $0.status == wanted } }) ?? true {
            kept.append(report)
        }
        return kept.count < limit && examined < budget
    }
}
