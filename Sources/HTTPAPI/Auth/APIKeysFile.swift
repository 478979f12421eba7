import Digests
import Foundation

/// The API keys: lines `name:sha256-of-key:scope,scope`. Only digests are stored, so the file
/// cannot be used to call the API.
public struct APIKeysFile: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var digest: String
        /// nil means `*`: every scope.
        public var scopes: Set<APIScope>?

        public func allows(_ scope: APIScope) -> Bool {
            scopes?.contains(scope) ?? true
        }
    }

    public var entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var line: Int
        public var reason: String
        public var description: String { "\(path):\(line): \(reason)" }
    }

    public init(contentsOf path: String) throws {
        try self.init(parsing: try String(contentsOfFile: path, encoding: .utf8), path: path)
    }

    public init(parsing text: String, path: String) throws {
        var entries: [Entry] = []
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            func fail(_ reason: String) -> ParseError { ParseError(path: path, line: offset + 1, reason: reason) }
            guard fields.count == 3 else { throw fail("expected name:sha256-of-key:scope,scope") }
            let digest = fields[1].lowercased()
            guard digest.count == 64, digest.allSatisfy(\.isHexDigit) else { throw fail("the key digest must be 64 hex digits (SHA-256)") }
            var scopes: Set<APIScope>? = []
            for scopeName in fields[2].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if scopeName == "*" {
                    scopes = nil
                } else if let scope = APIScope(rawValue: scopeName) {
                    scopes?.insert(scope)
                } else {
                    throw fail("unknown scope \"\(scopeName)\" (known: *, \(APIScope.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
            if scopes?.isEmpty == true { throw fail("a key needs at least one scope") }
            entries.append(Entry(name: fields[0], digest: digest, scopes: scopes))
        }
        self.entries = entries
    }

    /// The entry whose digest matches a presented key, if any.
    public func entry(forKey key: String) -> Entry? {
        let digest = SHA256Hasher.hex(Array(key.utf8))
        return entries.first { $0.digest == digest }
    }

    /// A new random key (`mgk_` + 43 base64url characters of 256-bit randomness) and its file line.
    public static func generateKey(name: String, scopes: String = "*") -> (key: String, line: String) {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        let key = "mgk_" + Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        return (key, "\(name):\(SHA256Hasher.hex(Array(key.utf8))):\(scopes)\n")
    }
}
