/// Which limit stopped the parser from reading everything. The message is still returned, with what fit.
public enum TruncationReason: String, Sendable, Codable, Equatable, CaseIterable {
    case headerCount = "header_count"
    case headerSize = "header_size"
    case partCount = "part_count"
    case nestingDepth = "nesting_depth"
}
