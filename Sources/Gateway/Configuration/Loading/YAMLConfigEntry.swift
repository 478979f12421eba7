/// One node of the configuration file, as `YAMLConfigSnapshot` keeps it.
public struct YAMLConfigEntry: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case scalar(String)
        case scalars([String])
        case mapping
        case list(count: Int)
        case null

        var kindDescription: String {
            switch self {
            case .scalar: "a single value"
            case .scalars: "a list"
            case .mapping: "a mapping"
            case .list: "a list of mappings"
            case .null: "nothing"
            }
        }
    }

    public var value: Value
    /// 1-based line in the file.
    public var line: Int?
}
