/// Which set of defaults applies.
///
/// With no configuration file Mailgate is a development instance: loopback only, unprivileged ports,
/// state under `./mailgate-data`, and generated credentials. With a file, the defaults are those of a
/// production deployment and nothing is ever generated. `MAILGATE_PROFILE=production` gives the production
/// defaults without a file, for containers configured only through the environment and mounted secrets.
public enum ConfigurationProfile: String, Sendable, CaseIterable {
    case development
    case production

    static let variable = "MAILGATE_PROFILE"

    /// The profile for a start with or without a file and with `MAILGATE_PROFILE` as given.
    static func select(fileGiven: Bool, requested: String?) throws(ConfigurationProblem) -> ConfigurationProfile {
        guard let requested, !requested.isEmpty else { return fileGiven ? .production : .development }
        guard let profile = ConfigurationProfile(rawValue: requested) else {
            throw ConfigurationProblem(
                key: nil, location: .environment(variable),
                message: "\"\(requested)\" is not one of: \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        // Generated credentials must never appear beside an operator's file.
        if profile == .development, fileGiven {
            throw ConfigurationProblem(
                key: nil, location: .environment(variable),
                message: "development is only for a start without a configuration file")
        }
        return profile
    }
}
