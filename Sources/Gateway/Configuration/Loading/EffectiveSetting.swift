/// One key of the configuration in force and where its value came from, for `check-config`.
public struct EffectiveSetting: Sendable, Equatable {
    public static let redacted = "<redacted>"

    public var key: String
    /// The value as text, `<redacted>` for secrets.
    public var value: String
    public var source: ConfigurationProblem.Location
}
