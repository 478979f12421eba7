import MailAuth

/// DNS in memory for the evaluator's unit tests: records by name, names that exist without records of a type
/// (no data) and names whose every lookup fails (a temporary failure).
struct MemoryZone: MailAuthDNS {
    enum Record: Equatable {
        case txt(String)
        case address(String)
        case mx(UInt16, String)
        case ptr(String)
    }

    var records: [String: [Record]] = [:]
    var failing: Set<String> = []

    init(_ records: [String: [Record]], failing: Set<String> = []) {
        self.records = records
        self.failing = failing
    }

    func lookup<Value>(_ name: String, _ pick: (Record) -> Value?) -> DNSLookup<Value> {
        let name = name.lowercased()
        if failing.contains(name) { return .temporaryFailure("timeout") }
        guard let rows = records[name] else {
            // A name with names below it exists (an empty non-terminal).
            return records.keys.contains { $0.hasSuffix("." + name) } ? .noData : .nxDomain
        }
        let values = rows.compactMap(pick)
        return values.isEmpty ? .noData : .records(values, authenticated: false)
    }

    func lookupTXT(_ name: String) async -> DNSLookup<String> { lookup(name) { if case .txt(let text) = $0 { text } else { nil } } }
    func lookupA(_ name: String) async -> DNSLookup<IPAddress> {
        lookup(name) { if case .address(let text) = $0, let address = IPAddress(text), address.isIPv4 { address } else { nil } }
    }
    func lookupAAAA(_ name: String) async -> DNSLookup<IPAddress> {
        lookup(name) { if case .address(let text) = $0, let address = IPAddress(text), !address.isIPv4 { address } else { nil } }
    }
    func lookupMX(_ name: String) async -> DNSLookup<MXRecord> { lookup(name) { if case .mx(let preference, let host) = $0 { MXRecord(preference: preference, exchange: host) } else { nil } } }
    func lookupPTR(_ name: String) async -> DNSLookup<String> { lookup(name) { if case .ptr(let host) = $0 { host } else { nil } } }
}
