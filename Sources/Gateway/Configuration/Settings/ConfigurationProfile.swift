/// Which set of defaults applies.
///
/// With no configuration file Mailgate is a development instance: loopback only, unprivileged ports,
/// state under `./mailgate-data`, and generated credentials. With a file, the defaults are those of a
/// production deployment and nothing is ever generated.
public enum ConfigurationProfile: String, Sendable {
    case development
    case production
}
