/// check_host() of RFC 7208 as a pure algorithm over the DNS it is given: record selection (§4.5), the terms in
/// order (§4.6, §5), include and redirect (§5.2, §6.1), `exp=` on fail only (§6.2), and the limits of §4.6.4
/// (DNS-querying terms, void lookups, MX and PTR records), counted across the whole check. A DNS failure makes
/// `temperror` and never `fail`; lookups that fail inside `ptr` and `%{p}` only make those not match.
public struct SPFEvaluator<Resolver: MailAuthDNS>: Sendable {
    public let dns: Resolver
    public let limits: SPFLimits
    /// This host's name, for `%{r}` in explanations.
    public let receiver: String

    public init(dns: Resolver, limits: SPFLimits = .rfc7208, receiver: String = "unknown") {
        self.dns = dns
        self.limits = limits
        self.receiver = receiver
    }

    /// The MAIL FROM identity (RFC 7208 §2.4): the reverse-path's domain, or `postmaster@<helo>` for the null
    /// sender. `timestamp` is what `%{t}` gives (seconds since the epoch).
    public func checkMailFrom(ip: IPAddress, mailFrom: String, helo: String, timestamp: Int) async -> SPFVerdict {
        guard !mailFrom.isEmpty else { return await checkHELO(ip: ip, helo: helo, timestamp: timestamp, identity: .mailFrom) }
        let local: Substring
        let domain: Substring
        if let at = mailFrom.lastIndex(of: "@") {
            local = mailFrom[..<at]
            domain = mailFrom[mailFrom.index(after: at)...]
        } else {
            local = ""
            domain = Substring(mailFrom)
        }
        let localPart = local.isEmpty ? "postmaster" : String(local)
        return await checkHost(ip: ip, domain: String(domain), localPart: localPart, helo: helo, timestamp: timestamp, identity: .mailFrom)
    }

    /// The HELO identity (RFC 7208 §2.3): `postmaster@<helo>`; an address literal has no SPF (`none`).
    public func checkHELO(ip: IPAddress, helo: String, timestamp: Int) async -> SPFVerdict {
        await checkHELO(ip: ip, helo: helo, timestamp: timestamp, identity: .helo)
    }

    func checkHELO(ip: IPAddress, helo: String, timestamp: Int, identity: SPFIdentity) async -> SPFVerdict {
        await checkHost(ip: ip, domain: helo, localPart: "postmaster", helo: helo, timestamp: timestamp, identity: identity)
    }

    /// check_host(<ip>, <domain>, <sender>) for the sender `localPart@domain`.
    public func checkHost(ip: IPAddress, domain: String, localPart: String, helo: String, timestamp: Int, identity: SPFIdentity) async -> SPFVerdict {
        let ip = ip.unmapped
        guard SPFDomainName.isValidStart(domain), !domain.hasPrefix("[") else {
            return SPFVerdict(identity: identity, result: .none, domain: domain, problem: "not a domain name SPF applies to")
        }
        let context = SPFMacroContext(
            sender: "\(localPart)@\(domain)", localPart: localPart, senderDomain: domain, domain: domain,
            ip: ip, helo: helo, receiver: receiver, timestamp: timestamp)
        var counters = SPFEvaluationCounters()
        do {
            let outcome = try await evaluate(domain: domain, context: context, counters: &counters)
            return SPFVerdict(identity: identity, result: outcome.result, domain: outcome.domain, mechanism: outcome.mechanism, explanation: outcome.explanation)
        } catch {
            switch error {
            case .temporary(let problem):
                return SPFVerdict(identity: identity, result: .temperror, domain: domain, problem: problem)
            case .permanent(let problem):
                return SPFVerdict(identity: identity, result: .permerror, domain: domain, problem: problem)
            }
        }
    }

    struct Outcome {
        var result: SPFResult
        var domain: String
        var mechanism: String?
        var explanation: String?
    }

    /// One record: select it, parse it, run its directives, then its redirect.
    func evaluate(domain: String, context: SPFMacroContext, counters: inout SPFEvaluationCounters) async throws(SPFEvaluationFailure) -> Outcome {
        guard let text = try await spfRecord(domain) else { return Outcome(result: .none, domain: domain) }
        let record: SPFRecord
        do {
            record = try SPFRecordParser.parse(text)
        } catch {
            throw .permanent("in the SPF record of \(domain): \(error)")
        }
        var context = context
        context.domain = domain
        for directive in record.directives {
            if directive.mechanism.queriesDNS { try count(term: directive.text, &counters) }
            guard try await matches(directive.mechanism, context: context, counters: &counters) else { continue }
            let result = directive.qualifier.result
            var explanation: String?
            if result == .fail, let spec = record.explanation {
                explanation = await explain(spec, context: context)
            }
            return Outcome(result: result, domain: domain, mechanism: directive.text, explanation: explanation)
        }
        if let redirect = record.redirect {
            try count(term: "redirect=\(redirect.text)", &counters)
            let target = try await expandDomain(redirect, context: context, counters: &counters)
            let outcome = try await evaluate(domain: target, context: context, counters: &counters)
            guard outcome.result != .none else { throw .permanent("redirect=\(target) has no SPF record") }
            return outcome
        }
        return Outcome(result: .neutral, domain: domain)
    }

    /// The one `v=spf1` TXT record of a domain, nil when there is none (§4.5).
    func spfRecord(_ domain: String) async throws(SPFEvaluationFailure) -> String? {
        guard SPFDomainName.isValid(domain) else { return nil }
        switch await dns.lookupTXT(domain) {
        case .temporaryFailure(let detail):
            throw .temporary("TXT \(domain): \(detail)")
        case .noData, .nxDomain:
            return nil
        case .records(let texts, _):
            let records = texts.filter(SPFRecordParser.isSPFRecord)
            guard records.count <= 1 else { throw .permanent("\(domain) has \(records.count) SPF records") }
            return records.first
        }
    }

    func count(term: String, _ counters: inout SPFEvaluationCounters) throws(SPFEvaluationFailure) {
        counters.dnsQueryingTerms += 1
        if counters.dnsQueryingTerms > limits.dnsQueryingTerms {
            throw .permanent("more than \(limits.dnsQueryingTerms) DNS-querying terms (at \(term))")
        }
    }

    func matches(_ mechanism: SPFMechanism, context: SPFMacroContext, counters: inout SPFEvaluationCounters) async throws(SPFEvaluationFailure) -> Bool {
        let ip = context.ip
        switch mechanism {
        case .all:
            return true
        case .ip4(let network, let prefix), .ip6(let network, let prefix):
            return network.contains(ip, prefix: prefix)
        case .include(let spec):
            let target = try await expandDomain(spec, context: context, counters: &counters)
            let inner = try await evaluate(domain: target, context: context, counters: &counters)
            switch inner.result {
            case .pass: return true
            case .fail, .softfail, .neutral: return false
            case .none: throw .permanent("include:\(target) has no SPF record")
            case .temperror, .permerror: return false  // thrown, never returned
            }
        case .a(let spec, let cidr):
            let target = try await targetDomain(spec, context: context, counters: &counters)
            let addresses = try await addresses(of: target, family: ip, counters: &counters)
            return addresses.contains { $0.contains(ip, prefix: cidr.prefix(for: ip)) }
        case .mx(let spec, let cidr):
            let target = try await targetDomain(spec, context: context, counters: &counters)
            let exchanges = try await voidCounted(target, &counters) { await dns.lookupMX(target) }
            guard exchanges.count <= limits.mxRecords else {
                throw .permanent("mx:\(target) has \(exchanges.count) MX records (more than \(limits.mxRecords))")
            }
            for exchange in exchanges {
                let addresses = try await addresses(of: exchange.exchange, family: ip, counters: &counters)
                if addresses.contains(where: { $0.contains(ip, prefix: cidr.prefix(for: ip)) }) { return true }
            }
            return false
        case .ptr(let spec):
            let target = try await targetDomain(spec, context: context, counters: &counters).lowercased()
            let names = try await validatedNames(context: context, counters: &counters)
            return names.contains { $0 == target || $0.hasSuffix("." + target) }
        case .exists(let spec):
            let target = try await expandDomain(spec, context: context, counters: &counters)
            return try await !voidCounted(target, &counters) { await dns.lookupA(target) }.isEmpty
        }
    }

    func targetDomain(_ spec: SPFMacroString?, context: SPFMacroContext, counters: inout SPFEvaluationCounters) async throws(SPFEvaluationFailure) -> String {
        guard let spec else { return context.domain }
        return try await expandDomain(spec, context: context, counters: &counters)
    }

    /// A and AAAA as the client's family asks (§5.3); an error is `temperror` (only `ptr` and `%{p}` skip them).
    func addresses(of name: String, family ip: IPAddress, counters: inout SPFEvaluationCounters) async throws(SPFEvaluationFailure) -> [IPAddress] {
        try await voidCounted(name, &counters) { ip.isIPv4 ? await dns.lookupA(name) : await dns.lookupAAAA(name) }
    }

    /// One lookup whose void answer counts toward the limit; a name that cannot be queried is void too.
    func voidCounted<Value>(_ name: String, _ counters: inout SPFEvaluationCounters, _ lookup: () async -> DNSLookup<Value>) async throws(SPFEvaluationFailure) -> [Value] {
        let answer: DNSLookup<Value> = SPFDomainName.isValid(name) ? await lookup() : .nxDomain
        if case .temporaryFailure(let detail) = answer { throw .temporary("\(name): \(detail)") }
        if answer.isVoid {
            counters.voidLookups += 1
            if counters.voidLookups > limits.voidLookups {
                throw .permanent("more than \(limits.voidLookups) void lookups (at \(name))")
            }
        }
        return answer.values
    }

    /// The client's validated host names (§5.5): PTR names (the first `ptrRecords`) whose own addresses include
    /// the client. A PTR lookup that fails gives none; a name whose address lookup fails is skipped.
    func validatedNames(context: SPFMacroContext, counters: inout SPFEvaluationCounters) async throws(SPFEvaluationFailure) -> [String] {
        let ip = context.ip
        let names: [String]
        do {
            names = try await voidCounted(ip.reverseLookupName, &counters) { await dns.lookupPTR(ip.reverseLookupName) }
        } catch {
            guard case .temporary = error else { throw error }
            return []
        }
        var validated: [String] = []
        for name in names.prefix(limits.ptrRecords) {
            do {
                let addresses = try await addresses(of: name, family: ip, counters: &counters)
                if addresses.contains(ip) { validated.append(name.lowercased()) }
            } catch {
                guard case .temporary = error else { throw error }
            }
        }
        return validated
    }

    /// `%{p}` (§7.3): the validated name equal to the domain, else one under it, else any; "unknown" if none.
    /// Its lookups count as void lookups but not as terms.
    func validatedName(context: SPFMacroContext, counters: inout SPFEvaluationCounters) async throws(SPFEvaluationFailure) -> String {
        let names = try await validatedNames(context: context, counters: &counters)
        let domain = context.domain.lowercased()
        return names.first { $0 == domain } ?? names.first { $0.hasSuffix("." + domain) } ?? names.first ?? "unknown"
    }

    func expandDomain(_ spec: SPFMacroString, context: SPFMacroContext, counters: inout SPFEvaluationCounters) async throws(SPFEvaluationFailure) -> String {
        var validated: String?
        if spec.usesValidatedName {
            validated = try await validatedName(context: context, counters: &counters)
        }
        return SPFMacroExpander.expandDomain(spec, context: context, validatedName: validated)
    }

    /// The explanation of a fail (§6.2): the one TXT record at the expanded `exp=` domain, itself expanded.
    /// Any problem (no record, several, bad syntax, a DNS error, non-ASCII) means no explanation, never
    /// another result.
    func explain(_ spec: SPFMacroString, context: SPFMacroContext) async -> String? {
        // Its lookups are outside the limits (§6.2 puts none on them): counters of its own.
        var counters = SPFEvaluationCounters(dnsQueryingTerms: 0, voidLookups: Int.min / 2)
        guard let target = try? await expandDomain(spec, context: context, counters: &counters), SPFDomainName.isValid(target),
              case .records(let texts, _) = await dns.lookupTXT(target), texts.count == 1,
              let text = texts.first,
              let explainString = try? SPFMacroStringParser.parse(Substring(text), context: .explanation, term: "exp")
        else { return nil }
        var validated: String?
        if explainString.usesValidatedName {
            validated = try? await validatedName(context: context, counters: &counters)
        }
        let explanation = SPFMacroExpander.expand(explainString, context: context, validatedName: validated)
        return explanation.utf8.allSatisfy({ $0 < 0x80 }) ? explanation : nil
    }
}
