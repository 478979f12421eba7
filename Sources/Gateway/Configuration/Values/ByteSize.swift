/// A size in bytes as written in the configuration: `26214400`, `25MiB`, `512KiB`, `1GB`.
///
/// Binary units (KiB, MiB, GiB) are powers of 1024 and decimal units (KB, MB, GB) powers of 1000, so
/// that `25MiB` means what it says; a bare `M` or `K` is refused as ambiguous.
public struct ByteSize: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var bytes: Int

    public init(bytes: Int) {
        self.bytes = bytes
    }

    private static let units: [(suffix: String, factor: Int)] = [
        ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30), ("tib", 1 << 40),
        ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("tb", 1_000_000_000_000),
        ("b", 1),
    ]

    /// Parses the configuration form; nil with no explanation is never returned, see `ParseError`.
    public init(parsing text: String) throws(ParseError) {
        let trimmed = text.trimmingWhitespace().lowercased()
        guard !trimmed.isEmpty else { throw .empty }
        var digits = Substring(trimmed)
        var factor = 1
        if let unit = Self.units.first(where: { trimmed.hasSuffix($0.suffix) }) {
            digits = trimmed.dropLast(unit.suffix.count)
            factor = unit.factor
        } else if let last = trimmed.last, last.isLetter {
            throw .unknownUnit(String(trimmed.drop(while: { $0.isNumber || $0 == "." || $0 == " " })))
        }
        digits = Substring(digits.trimmingWhitespace())
        guard let value = Int(digits), value >= 0 else { throw .notANumber(String(digits)) }
        let (bytes, overflow) = value.multipliedReportingOverflow(by: factor)
        guard !overflow else { throw .tooLarge }
        self.bytes = bytes
    }

    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case notANumber(String)
        case unknownUnit(String)
        case tooLarge

        public var description: String {
            switch self {
            case .empty: "expected a size such as 25MiB, found nothing"
            case .notANumber(let text): "\"\(text)\" is not a whole, non-negative number of bytes"
            case .unknownUnit(let unit): "unknown size unit \"\(unit)\" (use B, KiB, MiB, GiB, or KB, MB, GB)"
            case .tooLarge: "the size is too large"
            }
        }
    }

    public static func < (lhs: ByteSize, rhs: ByteSize) -> Bool { lhs.bytes < rhs.bytes }

    /// The shortest exact form in binary units, as `check-config` prints it.
    public var description: String {
        for (suffix, factor) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= factor && bytes % factor == 0 {
            return "\(bytes / factor)\(suffix)"
        }
        return "\(bytes)B"
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> SubSequence {
        let start = firstIndex(where: { !$0.isWhitespace }) ?? endIndex
        let end = lastIndex(where: { !$0.isWhitespace }).map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
