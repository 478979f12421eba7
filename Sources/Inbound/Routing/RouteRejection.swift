/// The reply a `reject` route gives, e.g. `550 5.7.1 This address does not accept mail`.
public struct RouteRejection: Sendable, Hashable {
    public var code: Int
    public var enhancedCode: String
    public var text: String

    public init(code: Int, enhancedCode: String, text: String) {
        self.code = code
        self.enhancedCode = enhancedCode
        self.text = text
    }

    public static let `default` = RouteRejection(code: 550, enhancedCode: "5.7.1", text: "Recipient address rejected by policy")

    /// Parses `550 5.7.1 text`: a 4xx or 5xx code, an enhanced code of the same class (RFC 3463: subject and
    /// detail of at most three digits), printable ASCII text. Anything looser would reach `SMTPReply`, which
    /// treats an invalid enhanced code as a programming error.
    public init?(parsing line: String) {
        let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count == 3, parts[0].count == 3, parts[0].allSatisfy(Self.isDigit), let code = Int(parts[0]),
            (400...599).contains(code)
        else { return nil }
        let enhanced = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard enhanced.count == 3, enhanced.allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(Self.isDigit) }),
            enhanced[0] == Substring(String(code / 100))
        else { return nil }
        let text = String(parts[2].drop(while: { $0 == " " }))
        guard text.unicodeScalars.allSatisfy({ (0x20...0x7e).contains($0.value) }) else { return nil }
        self.init(code: code, enhancedCode: String(parts[1]), text: text)
    }

    private static func isDigit(_ character: Character) -> Bool {
        character.isASCII && character.isNumber
    }
}
