/// The shape checks SPF makes on names before it queries them (RFC 7208 §4.3): at most 253 octets, labels of
/// 1 to 63 octets (a final dot allowed).
enum SPFDomainName {
    static func isValid(_ name: String) -> Bool {
        var text = Substring(name)
        if text.hasSuffix(".") { text = text.dropLast() }
        guard !text.isEmpty, text.utf8.count <= 253 else { return false }
        return text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { (1...63).contains($0.count) }
    }

    /// What check_host() accepts as its starting domain: valid and of two labels or more.
    static func isValidStart(_ name: String) -> Bool {
        guard isValid(name) else { return false }
        var text = Substring(name)
        if text.hasSuffix(".") { text = text.dropLast() }
        return text.contains(".")
    }
}
