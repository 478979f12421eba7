import Digests

/// One key of the configuration in force and where its value came from, for `check-config`.
public struct EffectiveSetting: Sendable, Equatable {
    public static let redacted = "<redacted>"

    public var key: String
    /// The value as text, `<redacted>` for secrets.
    public var value: String
    public var source: ConfigurationProblem.Location
    /// For a secret, what a reload compares instead of the redacted text, so that a changed secret of a setting
    /// that needs a restart is named: a MAC under a key this process drew at random, never shown or stored, so
    /// it tells nothing of the secret beyond whether it changed.
    var fingerprint: String?

    init(key: String, value: String, source: ConfigurationProblem.Location, fingerprint: String? = nil) {
        self.key = key
        self.value = value
        self.source = source
        self.fingerprint = fingerprint
    }

    static func secret(key: String, value: String, source: ConfigurationProblem.Location) -> EffectiveSetting {
        EffectiveSetting(key: key, value: redacted, source: source, fingerprint: fingerprint(of: value))
    }

    static func fingerprint(of secret: String) -> String {
        Hex.encode(HMACSHA256.authenticate(Array(secret.utf8), key: fingerprintKey))
    }

    private static let fingerprintKey: [UInt8] = {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }()
}
