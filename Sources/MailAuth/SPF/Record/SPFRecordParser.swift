/// Parses a `v=spf1` record (RFC 7208 §4.6, §12) into an `SPFRecord`. Every term is checked before anything is
/// evaluated: a syntax error anywhere makes the whole record a `permerror`, whatever would have matched first.
public enum SPFRecordParser {
    /// Whether a TXT record is an SPF record at all (§4.5): `v=spf1` alone or followed by a space, any case.
    public static func isSPFRecord(_ text: String) -> Bool {
        let bytes = text.utf8
        let version = "v=spf1".utf8
        guard bytes.count >= version.count,
              zip(bytes, version).allSatisfy({ $0 | 0x20 == $1 | 0x20 })
        else { return false }
        return bytes.count == version.count || bytes[bytes.index(bytes.startIndex, offsetBy: version.count)] == UInt8(ascii: " ")
    }

    public static func parse(_ text: String) throws(SPFSyntaxError) -> SPFRecord {
        guard isSPFRecord(text) else { throw SPFSyntaxError("not an SPF record", term: String(text.prefix(16))) }
        var record = SPFRecord(directives: [])
        // Terms are separated by one or more spaces (SP only: a tab is part of a term, and wrong there).
        for term in text.utf8.dropFirst(6).split(separator: UInt8(ascii: " "), omittingEmptySubsequences: true) {
            let text = Substring(term)
            if let equals = modifierNameEnd(text) {
                try parseModifier(name: text[..<equals].lowercased(), value: text[text.index(after: equals)...], term: String(text), into: &record)
            } else {
                record.directives.append(try parseDirective(text))
            }
        }
        return record
    }

    /// The index of `=` when the term starts with a modifier name (`ALPHA *( ALPHA / DIGIT / "-" / "_" / "." )`).
    static func modifierNameEnd(_ term: Substring) -> Substring.Index? {
        guard let first = term.utf8.first, isAlpha(first) else { return nil }
        for index in term.utf8.indices.dropFirst() {
            let byte = term.utf8[index]
            if byte == UInt8(ascii: "=") { return index }
            guard isAlpha(byte) || isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".") else { return nil }
        }
        return nil
    }

    static func parseModifier(name: String, value: Substring, term: String, into record: inout SPFRecord) throws(SPFSyntaxError) {
        switch name {
        case "redirect":
            guard record.redirect == nil else { throw SPFSyntaxError("redirect= appears more than once", term: term) }
            record.redirect = try SPFMacroStringParser.parseDomainSpec(value, term: term)
        case "exp":
            guard record.explanation == nil else { throw SPFSyntaxError("exp= appears more than once", term: term) }
            record.explanation = try SPFMacroStringParser.parseDomainSpec(value, term: term)
        default:
            let parsed = try SPFMacroStringParser.parse(value, context: .domainSpec, term: term)
            record.unknownModifiers.append(SPFUnknownModifier(name: name, value: parsed))
        }
    }

    static func parseDirective(_ term: Substring) throws(SPFSyntaxError) -> SPFDirective {
        let text = String(term)
        var rest = term
        var qualifier = SPFQualifier.pass
        if let first = rest.first, let written = SPFQualifier(rawValue: first) {
            qualifier = written
            rest = rest.dropFirst()
        }
        let nameEnd = rest.firstIndex { $0 == ":" || $0 == "/" } ?? rest.endIndex
        let name = rest[..<nameEnd].lowercased()
        var argument = rest[nameEnd...]
        let mechanism: SPFMechanism
        switch name {
        case "all":
            guard argument.isEmpty else { throw SPFSyntaxError("'all' takes no argument", term: text) }
            mechanism = .all
        case "include":
            mechanism = .include(try requiredDomainSpec(argument, term: text))
        case "exists":
            mechanism = .exists(try requiredDomainSpec(argument, term: text))
        case "a", "mx":
            let cidr = try dualCIDR(&argument, term: text)
            let domain = try optionalDomainSpec(argument, term: text)
            mechanism = name == "a" ? .a(domain, cidr) : .mx(domain, cidr)
        case "ptr":
            mechanism = .ptr(try optionalDomainSpec(argument, term: text))
        case "ip4", "ip6":
            let isIPv4 = name == "ip4"
            let prefix = try cidrLength(&argument, maximum: isIPv4 ? 32 : 128, term: text) ?? (isIPv4 ? 32 : 128)
            guard argument.first == ":", !argument.hasSuffix("/") else { throw SPFSyntaxError("\(name) needs ':' and one address", term: text) }
            let addressText = argument.dropFirst()
            guard addressText.contains(":") != isIPv4, let address = IPAddress(String(addressText)) else {
                throw SPFSyntaxError("invalid \(isIPv4 ? "IPv4" : "IPv6") address", term: text)
            }
            mechanism = isIPv4 ? .ip4(address, prefix: prefix) : .ip6(address, prefix: prefix)
        default:
            throw SPFSyntaxError("unknown mechanism", term: text)
        }
        return SPFDirective(qualifier: qualifier, mechanism: mechanism, text: text)
    }

    static func requiredDomainSpec(_ argument: Substring, term: String) throws(SPFSyntaxError) -> SPFMacroString {
        guard argument.first == ":" else { throw SPFSyntaxError("mechanism needs ':' and a domain-spec", term: term) }
        return try SPFMacroStringParser.parseDomainSpec(argument.dropFirst(), term: term)
    }

    static func optionalDomainSpec(_ argument: Substring, term: String) throws(SPFSyntaxError) -> SPFMacroString? {
        if argument.isEmpty { return nil }
        return try requiredDomainSpec(argument, term: term)
    }

    /// `[ "/" ip4-cidr ] [ "//" ip6-cidr ]` taken off the end of an `a` or `mx` argument.
    static func dualCIDR(_ argument: inout Substring, term: String) throws(SPFSyntaxError) -> SPFDualCIDR {
        var cidr = SPFDualCIDR()
        var probe = argument
        if let ipv6 = try cidrLength(&probe, maximum: 128, term: term), probe.hasSuffix("/") {
            cidr.ipv6 = ipv6
            argument = probe.dropLast()
        }
        if let ipv4 = try cidrLength(&argument, maximum: 32, term: term) { cidr.ipv4 = ipv4 }
        if argument.hasSuffix("/") { throw SPFSyntaxError("invalid CIDR length", term: term) }
        return cidr
    }

    /// A trailing `/N` (`"0"` or digits without a leading zero), removed from `argument`; nil when there is none.
    static func cidrLength(_ argument: inout Substring, maximum: Int, term: String) throws(SPFSyntaxError) -> Int? {
        let digits = argument.reversed().prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty else { return nil }
        let start = argument.index(argument.endIndex, offsetBy: -digits.count)
        guard start > argument.startIndex, argument[argument.index(before: start)] == "/" else { return nil }
        let number = argument[start...]
        guard number == "0" || !number.hasPrefix("0") else { throw SPFSyntaxError("CIDR length with a leading zero", term: term) }
        guard number.count <= 3, let value = Int(number), value <= maximum else { throw SPFSyntaxError("CIDR length over \(maximum)", term: term) }
        argument = argument[..<argument.index(before: start)]
        return value
    }

    static func isAlpha(_ byte: UInt8) -> Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) }
    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
