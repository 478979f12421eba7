/// An RFC 3463 enhanced mail system status code, `class.subject.detail`.
public struct EnhancedStatusCode: Hashable, Sendable, CustomStringConvertible {
    public var statusClass: UInt8
    public var subject: UInt16
    public var detail: UInt16

    public init(_ statusClass: UInt8, _ subject: UInt16, _ detail: UInt16) {
        self.statusClass = statusClass
        self.subject = subject
        self.detail = detail
    }

    /// Parses `2.0.0`; RFC 3463 limits subject and detail to three digits and the class to 2, 4 or 5.
    public init?<S: StringProtocol>(parsing text: S) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let c = UInt8(parts[0]), [2, 4, 5].contains(c),
            parts[0].count == 1,
            let s = UInt16(parts[1]), let d = UInt16(parts[2])
        else { return nil }
        self.init(c, s, d)
    }

    public var description: String { "\(self.statusClass).\(self.subject).\(self.detail)" }
}
