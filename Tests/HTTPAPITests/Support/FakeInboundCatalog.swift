import Foundation
import HTTPAPI

/// An in-memory catalog: answers from fixed data, records what the API asked, and can be told to fail.
actor FakeInboundCatalog: InboundMessageCatalog {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    var page = InboundListPage(messages: [], nextCursor: nil)
    var documents: [String: [UInt8]] = [:]
    var raws: [String: [UInt8]] = [:]
    var reports: [String: InboundDeliveryReport] = [:]
    var redeliveries: [String: InboundRedelivery] = [:]
    /// Thrown by every call when set.
    var failure: (any Error)?
    private(set) var queries: [InboundListQuery] = []
    private(set) var redelivered: [String] = []

    init(
        page: InboundListPage = InboundListPage(messages: [], nextCursor: nil), documents: [String: [UInt8]] = [:],
        raws: [String: [UInt8]] = [:], reports: [String: InboundDeliveryReport] = [:],
        redeliveries: [String: InboundRedelivery] = [:], failure: (any Error)? = nil
    ) {
        self.page = page
        self.documents = documents
        self.raws = raws
        self.reports = reports
        self.redeliveries = redeliveries
        self.failure = failure
    }

    func list(_ query: InboundListQuery) async throws -> InboundListPage {
        queries.append(query)
        if let failure { throw failure }
        return page
    }

    func document(id: String) async throws -> [UInt8]? {
        if let failure { throw failure }
        return documents[id]
    }

    func raw(id: String) async throws -> [UInt8]? {
        if let failure { throw failure }
        return raws[id]
    }

    func deliveries(id: String) async throws -> InboundDeliveryReport? {
        if let failure { throw failure }
        return reports[id]
    }

    func redeliver(id: String) async throws -> InboundRedelivery? {
        if let failure { throw failure }
        guard let redelivery = redeliveries[id] else { return nil }
        redelivered.append(id)
        return redelivery
    }
}
