/// The crypt(3) schemes Mailgate writes. Verification accepts any scheme the system libcrypt knows.
public enum PasswordHashScheme: String, Sendable, CaseIterable {
    case yescrypt
    case bcrypt
    case sha512crypt = "sha512-crypt"

    /// The setting prefix libxcrypt's crypt_gensalt expects.
    var prefix: String {
        switch self {
        case .yescrypt: "$y$"
        case .bcrypt: "$2b$"
        case .sha512crypt: "$6$"
        }
    }
}
