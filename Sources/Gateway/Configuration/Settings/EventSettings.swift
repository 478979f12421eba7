import Outbound

/// `events.webhooks`: where delivery events go. Each entry takes a route webhook's keys (url, secrets, timeouts,
/// `allow_loopback`, `headers`, …) plus `types`, the events it wants (all outbound events by default).
public struct EventSettings: Sendable, Equatable {
    public struct Subscriber: Sendable, Equatable {
        public var webhook: WebhookSettings
        public var types: Set<OutboundEventType>
    }

    public var webhooks: [Subscriber]

    init(reading reader: inout SettingsReader) {
        let count = reader.itemCount("events.webhooks")
        webhooks = (0..<count).map { index in
            let key = "events.webhooks.\(index)"
            let webhook = WebhookSettings(reading: &reader, key: key, allowSync: false, owner: "event webhook #\(index)")
            var types = Set(OutboundEventType.allCases)
            if let names = reader.list("\(key).types") {
                types = []
                for name in names {
                    if let type = OutboundEventType(rawValue: name) {
                        types.insert(type)
                    } else {
                        reader.report("\(key).types", "unknown event type \"\(name)\" (known: \(OutboundEventType.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                }
            }
            return Subscriber(webhook: webhook, types: types)
        }
    }

    /// The name an `event.deliver` job stores for the subscriber at `index`.
    public static func name(_ index: Int) -> String { "events.webhooks#\(index)" }
}
