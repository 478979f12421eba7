/// Builds the query message the resolver hands to c-ares (`ares_send`): one question, RD and AD set (RFC 6840
/// §5.7: AD in a query asks a validating resolver to report validation in its answer), and an EDNS(0) OPT
/// record offering 1232-octet UDP answers (the DNS flag day 2020 size). c-ares 1.18's `ares_query` cannot set
/// the AD bit, hence this builder.
public enum DNSQueryBuilder {
    public static let udpPayloadSize: UInt16 = 1232

    public static func query(name: String, type: DNSRecordType) throws(DNSMessageError) -> [UInt8] {
        var message: [UInt8] = [
            0, 0,  // id: ares_send sets its own
            0x01, 0x20,  // RD, AD
            0, 1, 0, 0, 0, 0, 0, 1,  // one question, one additional (OPT)
        ]
        message += try encodeName(name)
        message += bigEndian(type.rawValue) + bigEndian(1)  // class IN
        // OPT: root owner, type 41, class = UDP payload size, TTL = extended RCODE/version/flags 0, no options.
        message += [0] + bigEndian(DNSRecordType.opt.rawValue) + bigEndian(udpPayloadSize) + [0, 0, 0, 0, 0, 0]
        return message
    }

    /// Labels of 1–63 octets, 255 octets in all with the length octets; the final dot is optional.
    static func encodeName(_ name: String) throws(DNSMessageError) -> [UInt8] {
        var text = Substring(name)
        if text.hasSuffix(".") { text = text.dropLast() }
        var encoded: [UInt8] = []
        if !text.isEmpty {
            for label in text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false) {
                guard (1...63).contains(label.count) else { throw DNSMessageError("a label of \(label.count) octets in \(name)") }
                encoded.append(UInt8(label.count))
                encoded += label
            }
        }
        encoded.append(0)
        guard encoded.count <= 255 else { throw DNSMessageError("a name of more than 255 octets") }
        return encoded
    }

    static func bigEndian(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xff)] }
}
