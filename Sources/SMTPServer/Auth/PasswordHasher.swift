import CCrypt

/// Password hashing and verification through the system libcrypt (libxcrypt), as crypt(3) strings.
///
/// Hashing is deliberately slow (yescrypt, bcrypt): callers on an event loop must run it elsewhere.
public enum PasswordHasher {
    public enum HashError: Error, CustomStringConvertible {
        case saltGeneration(PasswordHashScheme)
        case hashing

        public var description: String {
            switch self {
            case .saltGeneration(let scheme): "the system libcrypt cannot generate a \(scheme.rawValue) salt"
            case .hashing: "the system libcrypt failed to hash the password"
            }
        }
    }

    public static func hash(_ password: String, scheme: PasswordHashScheme = .yescrypt) throws -> String {
        var setting = [CChar](repeating: 0, count: Int(CRYPT_GENSALT_OUTPUT_SIZE))
        // A null entropy pointer makes libxcrypt read the salt from the kernel's random source.
        guard crypt_gensalt_rn(scheme.prefix, 0, nil, 0, &setting, Int32(setting.count)) != nil else {
            throw HashError.saltGeneration(scheme)
        }
        guard let hash = crypt(password, setting: setting), !hash.hasPrefix("*") else { throw HashError.hashing }
        return hash
    }

    /// Compares in time independent of where the strings differ; a malformed stored hash never matches.
    public static func verify(_ password: String, against storedHash: String) -> Bool {
        guard !storedHash.isEmpty, !storedHash.hasPrefix("*"), !storedHash.hasPrefix("!") else { return false }
        let setting = Array(storedHash.utf8CString)
        guard let computed = crypt(password, setting: setting) else { return false }
        let a = Array(computed.utf8), b = Array(storedHash.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }

    private static func crypt(_ password: String, setting: [CChar]) -> String? {
        // crypt_data is large (tens of KiB) and must start zeroed; it lives on the heap for this call only.
        let data = UnsafeMutablePointer<crypt_data>.allocate(capacity: 1)
        defer { data.deallocate() }
        UnsafeMutableRawPointer(data).initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<crypt_data>.size)
        guard let result = crypt_r(password, setting, data) else { return nil }
        return String(cString: result)
    }
}
