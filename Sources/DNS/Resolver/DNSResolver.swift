import MailAuth
import Synchronization

/// The gateway's DNS resolver: c-ares for transport (`AresResolverThread`), replies read by
/// `DNSMessageReader`, answers cached by TTL (`DNSCache`, time from `clock`). It is MailAuth's DNS.
public final class DNSResolver<C: Clock>: MailAuthDNS where C.Duration == Duration {
    private let thread: AresResolverThread
    private let cache: Mutex<DNSCache<C.Instant>>
    private let clock: C

    public init(configuration: DNSResolverConfiguration, clock: C) throws(DNSConfigurationError) {
        self.clock = clock
        cache = Mutex(DNSCache(capacity: configuration.cacheEntries, maximumTTL: configuration.maximumTTL))
        thread = try AresResolverThread(configuration: configuration)
    }

    deinit { thread.stop() }

    /// Answers in the cache, the number kept now.
    public var cachedAnswers: Int { cache.withLock { $0.count } }

    public func resolve(_ question: DNSQuestion) async -> DNSAnswer {
        if let cached = cache.withLock({ $0.answer(for: question, at: clock.now) }) { return cached }
        let message: [UInt8]
        do {
            message = try DNSQueryBuilder.query(name: question.name, type: question.type)
        } catch {
            return .temporaryFailure("\(question): \(error)")
        }
        switch await thread.send(message) {
        case .failure(let detail):
            return .temporaryFailure(detail)
        case .answer(let bytes):
            let reply: DNSReply
            do {
                reply = try DNSMessageReader.read(bytes, name: question.name, type: question.type)
            } catch {
                return .temporaryFailure("\(question): \(error)")
            }
            let answer = DNSAnswer(reply)
            let ttl: UInt32?
            switch answer {
            case .records: ttl = reply.ttl
            case .noData, .nxDomain: ttl = reply.negativeTTL
            case .temporaryFailure: ttl = nil
            }
            cache.withLock { $0.store(answer, ttl: ttl, for: question, at: clock.now) }
            return answer
        }
    }

    public func lookupTXT(_ name: String) async -> DNSLookup<String> {
        await resolve(DNSQuestion(name: name, type: .txt)).lookup { if case .text(let text) = $0 { text } else { nil } }
    }

    public func lookupA(_ name: String) async -> DNSLookup<IPAddress> {
        await resolve(DNSQuestion(name: name, type: .a)).lookup { if case .address(let address) = $0, address.isIPv4 { address } else { nil } }
    }

    public func lookupAAAA(_ name: String) async -> DNSLookup<IPAddress> {
        await resolve(DNSQuestion(name: name, type: .aaaa)).lookup { if case .address(let address) = $0, !address.isIPv4 { address } else { nil } }
    }

    public func lookupMX(_ name: String) async -> DNSLookup<MXRecord> {
        await resolve(DNSQuestion(name: name, type: .mx)).lookup { if case .mailExchange(let record) = $0 { record } else { nil } }
    }

    public func lookupPTR(_ name: String) async -> DNSLookup<String> {
        await resolve(DNSQuestion(name: name, type: .ptr)).lookup { if case .name(let host) = $0 { host } else { nil } }
    }
}

extension DNSResolver where C == ContinuousClock {
    public convenience init(configuration: DNSResolverConfiguration) throws(DNSConfigurationError) {
        try self.init(configuration: configuration, clock: ContinuousClock())
    }
}
