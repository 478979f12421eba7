/// A duration as written in the configuration: `250ms`, `15s`, `5m`, `2h`, `3d`, or combined, `1h30m`.
///
/// A unit is required (a bare `30` could mean seconds or milliseconds), except for `0`.
public struct ConfigDuration: Sendable, Hashable, CustomStringConvertible {
    public var duration: Duration

    public init(_ duration: Duration) {
        self.duration = duration
    }

    private static let units: [(suffix: String, milliseconds: Int64)] = [
        ("ms", 1), ("s", 1_000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000),
    ]

    public init(parsing text: String) throws(ParseError) {
        let trimmed = String(text.trimmingWhitespace()).lowercased()
        guard !trimmed.isEmpty else { throw .empty }
        if trimmed == "0" {
            self.duration = .zero
            return
        }
        var totalMilliseconds: Int64 = 0
        var rest = Substring(trimmed)
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, let amount = Int64(digits) else { throw .malformed(trimmed) }
            rest = rest.dropFirst(digits.count)
            let unitText = rest.prefix(while: { $0.isLetter })
            guard !unitText.isEmpty else { throw .missingUnit(trimmed) }
            guard let unit = Self.units.first(where: { $0.suffix == unitText }) else {
                throw .unknownUnit(String(unitText))
            }
            rest = rest.dropFirst(unitText.count)
            let (product, overflow1) = amount.multipliedReportingOverflow(by: unit.milliseconds)
            let (sum, overflow2) = totalMilliseconds.addingReportingOverflow(product)
            guard !overflow1, !overflow2 else { throw .tooLarge }
            totalMilliseconds = sum
        }
        self.duration = .milliseconds(totalMilliseconds)
    }

    public enum ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        case empty
        case malformed(String)
        case missingUnit(String)
        case unknownUnit(String)
        case tooLarge

        public var description: String {
            switch self {
            case .empty: "expected a duration such as 15s, found nothing"
            case .malformed(let text): "\"\(text)\" is not a duration (examples: 250ms, 15s, 5m, 1h30m, 3d)"
            case .missingUnit(let text): "\"\(text)\" needs a unit (ms, s, m, h or d)"
            case .unknownUnit(let unit): "unknown duration unit \"\(unit)\" (use ms, s, m, h or d)"
            case .tooLarge: "the duration is too large"
            }
        }
    }

    public var milliseconds: Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }

    /// The shortest exact form, as `check-config` prints it.
    public var description: String {
        var remaining = milliseconds
        if remaining == 0 { return "0s" }
        var text = ""
        for (suffix, size) in Self.units.reversed() where remaining >= size {
            let amount = remaining / size
            remaining -= amount * size
            text += "\(amount)\(suffix)"
        }
        return text
    }
}
