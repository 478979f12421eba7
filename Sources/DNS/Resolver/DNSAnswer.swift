import MailAuth

/// A resolved question as the cache keeps it and callers read it.
public enum DNSAnswer: Sendable, Equatable {
    case records([DNSRecordData], authenticated: Bool)
    case noData
    case nxDomain
    case temporaryFailure(String)

    /// The reply read into an answer: NOERROR with records, NOERROR without (no data), NXDOMAIN, or anything
    /// else (SERVFAIL and friends reach here only when c-ares passes them on) as a temporary failure.
    public init(_ reply: DNSReply) {
        switch reply.responseCode {
        case DNSReply.noError:
            self = reply.records.isEmpty ? .noData : .records(reply.records, authenticated: reply.authenticated)
        case DNSReply.nameError:
            self = .nxDomain
        default:
            self = .temporaryFailure("RCODE \(reply.responseCode)")
        }
    }

    /// The answer as MailAuth's lookups read it, keeping the records `pick` takes.
    func lookup<Value>(_ pick: (DNSRecordData) -> Value?) -> DNSLookup<Value> {
        switch self {
        case .records(let records, let authenticated):
            let values = records.compactMap(pick)
            return values.isEmpty ? .noData : .records(values, authenticated: authenticated)
        case .noData: return .noData
        case .nxDomain: return .nxDomain
        case .temporaryFailure(let detail): return .temporaryFailure(detail)
        }
    }
}
