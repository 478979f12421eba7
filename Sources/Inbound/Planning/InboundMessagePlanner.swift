import Foundation
import Logging
import MIME
import MailModel
import Queue
import SMTPProtocol
import SMTPServer
import Webhooks

/// Decides what becomes of each accepted message once its header is in: the route of every recipient,
/// one `inbound.deliver` job per queued webhook, the sync webhooks to call before replying, recipients
/// held, and refusals (a header-matched reject route, a From: address the user may not use).
public struct InboundMessagePlanner: Sendable {
    /// Read once per message at the final dot: the plan is made with one configuration.
    public let rules: CurrentInboundRules
    let store: any QueueStore
    let sync: SyncDeliverer
    /// Wakes the queued deliverer when jobs held back for a sync webhook are enqueued.
    let signal: WorkSignal
    /// Takes the recipients of `relay` routes; nil holds them (no relay on this instance).
    let relay: RelayHandoff?
    /// Takes the delivery status reports the MX listener accepts; nil when nothing is relayed.
    let bounces: BounceHandoff?
    let logger: Logger

    public init(
        routes: RouteTable, senders: SenderRules, store: any QueueStore, sync: SyncDeliverer, signal: WorkSignal,
        relay: RelayHandoff? = nil, bounces: BounceHandoff? = nil, logger: Logger
    ) {
        self.init(
            rules: CurrentInboundRules(InboundRules(routes: routes, senders: senders)), store: store, sync: sync,
            signal: signal, relay: relay, bounces: bounces, logger: logger)
    }

    public init(
        rules: CurrentInboundRules, store: any QueueStore, sync: SyncDeliverer, signal: WorkSignal,
        relay: RelayHandoff? = nil, bounces: BounceHandoff? = nil, logger: Logger
    ) {
        self.rules = rules
        self.store = store
        self.sync = sync
        self.signal = signal
        self.relay = relay
        self.bounces = bounces
        self.logger = logger
    }

    public func plan(
        _ envelope: SMTPEnvelope, session: SMTPSessionInfo, headerBlock: [UInt8], headerTruncated: Bool = false
    ) -> SMTPMessagePlan {
        let submission = session.mode != .inbound
        let user = envelope.authenticatedUser
        let current = rules.current
        let routes = current.routes, senders = current.senders
        // The sender check reads every From: and Sender: itself: the summary below keeps only the first.
        if submission, let refusal = senders.headerRefusal(headerBlock, truncated: headerTruncated, user: user) {
            return SMTPMessagePlan(jobs: [], refusal: refusal)
        }
        // The header alone parses in microseconds; it gives the routes their header fields and the inbound
        // listing its subject.
        let summary = MessageParser(digester: WebhookBodyRenderer.digester).parse(headerBlock + Array("\r\n\r\n".utf8)).header
        let headers = summary.fields.map { (name: $0.name, value: $0.value) }

        // Recipients grouped by route, in the order routes were first taken.
        var order: [String] = []
        var taken: [String: (route: Route, recipients: [String])] = [:]
        var held: [String] = []
        for recipient in envelope.recipients.map(\.address) {
            guard let route = routes.route(forRecipient: recipient, authUser: user, headers: headers, submission: submission) else {
                held.append(recipient)
                continue
            }
            if case .reject(let rejection) = route.action {
                return SMTPMessagePlan(
                    jobs: [], refusal: SMTPRefusal(SMTPReply(rejection.code, rejection.enhancedCode, rejection.text), .routeRejected))
            }
            if taken[route.name] == nil { order.append(route.name) }
            taken[route.name, default: (route, [])].recipients.append(recipient)
        }

        var jobs: [JobSpec] = []
        var syncTargets: [(target: WebhookTarget, label: String, recipients: [String])] = []
        var metadata: [String: String] = [:]
        var relayed: [String] = []
        if let subject = summary.subject { metadata["subject"] = String(subject.prefix(200)) }
        for name in order {
            guard let (route, recipients) = taken[name] else { continue }
            if case .hold = route.action { held += recipients }
            if case .relay = route.action {
                // An MX listener relaying for anyone on the internet would be an open relay.
                if submission && relay != nil { relayed += recipients } else { held += recipients }
            }
            for (index, target) in route.webhooks.enumerated() {
                let payload = InboundDeliveryPayload(route: route.name, webhook: index)
                switch target.mode {
                case .queued: jobs.append(JobSpec(kind: .inboundDeliver, recipients: recipients, payload: payload.encoded()))
                case .sync: syncTargets.append((target, payload.label, recipients))
                }
            }
        }
        if !relayed.isEmpty, let relay {
            // One transaction per message for all its relayed recipients, whichever routes took them.
            let handoff = relay.makeJob(relayed, summary.messageID)
            jobs.append(handoff.job)
            metadata.merge(handoff.metadata) { current, _ in current }
        }
        if !held.isEmpty { metadata["held"] = held.joined(separator: ",") }
        if !order.isEmpty { metadata["routes"] = order.joined(separator: ",") }
        // A report answering mail we relayed arrives at the MX like any message (routed as its recipients say);
        // once it is durable, the outbound side reads it and bounces the recipients it names. The report is
        // already stored, so the client's reply does not depend on what the correlation finds.
        let bounce = submission ? nil : bounces.flatMap { handoff in
            summary.fields.first { $0.name.lowercased() == "content-type" }
                .flatMap { DeliveryStatusReportParser.isReport(contentType: $0.value) ? handoff : nil }
        }
        guard !syncTargets.isEmpty else {
            guard let bounce else { return SMTPMessagePlan(jobs: jobs, metadata: metadata) }
            return SMTPMessagePlan(jobs: jobs, metadata: metadata) { committed in
                await bounce.take(committed.id)
                return .queued(id: committed.id.rawValue)
            }
        }
        // With a sync webhook the queued jobs wait for its answer: a refused message must reach nobody.
        let (queued, targets) = (jobs, syncTargets)
        return SMTPMessagePlan(jobs: [], metadata: metadata) { committed in
            let result = await deliverSync(committed.id, targets: targets, queued: queued)
            if case .queued = result { await bounce?.take(committed.id) }
            return result
        }
    }

    private func deliverSync(
        _ id: MessageID, targets: [(target: WebhookTarget, label: String, recipients: [String])], queued: [JobSpec]
    ) async -> SMTPCommitResult {
        let source: InboundMessageSource
        do {
            guard let loaded = try await InboundMessageSource.load(id, from: store) else { return .failed(nil) }
            source = loaded
        } catch {
            logger.error("reading a message back for a sync webhook failed", metadata: ["queue_id": "\(id)", "error": "\(error)"])
            return .failed(nil)
        }
        let results = await withTaskGroup(of: (Int, SyncVerdict, String).self) { group in
            for (index, entry) in targets.enumerated() {
                var narrowed = source
                narrowed.envelope.rcptTo = entry.recipients
                group.addTask {
                    let (verdict, summary) = await sync.deliver(
                        narrowed, to: entry.target, label: entry.label, deliveryID: "\(id.rawValue).\(entry.label)")
                    return (index, verdict, summary)
                }
            }
            var results: [(Int, SyncVerdict, String)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        var events = results.map { DeliveryEventDraft(type: "webhook_sync", detail: $0.2) }
        do {
            if let refusal = SyncWebhookReply.refusal(for: results.map(\.1)) {
                let keep = results.contains { index, verdict, _ in verdict != .accepted && targets[index].target.keepRefused }
                if keep {
                    events.append(DeliveryEventDraft(type: .failed, detail: "refused to the client with \(refusal.reply.code); kept"))
                    try await store.recordEvents(events, message: id, job: nil)
                } else {
                    try await store.discard(id)
                }
                return .failed(refusal)
            }
            try await store.recordEvents(events, message: id, job: nil)
            if !queued.isEmpty {
                _ = try await store.enqueue(queued, for: id)
                signal.notify()
            }
            return .queued(id: id.rawValue)
        } catch {
            logger.error("recording a sync delivery failed", metadata: ["queue_id": "\(id)", "error": "\(error)"])
            return .failed(nil)
        }
    }
}
