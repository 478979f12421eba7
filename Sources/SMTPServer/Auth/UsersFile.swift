import Foundation

/// The SMTP users: lines `name:CRYPT-HASH`, `#` comments and blank lines ignored.
public struct UsersFile: Sendable, Equatable {
    public var hashes: [String: String]

    public init(hashes: [String: String]) {
        self.hashes = hashes
    }

    public struct ParseError: Error, CustomStringConvertible, Equatable {
        public var path: String
        public var line: Int
        public var reason: String
        public var description: String { "\(path):\(line): \(reason)" }
    }

    public init(contentsOf path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try self.init(parsing: text, path: path)
    }

    public init(parsing text: String, path: String) throws {
        var hashes: [String: String] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw ParseError(path: path, line: offset + 1, reason: "expected name:hash")
            }
            let name = String(line[..<colon])
            let hash = String(line[line.index(after: colon)...])
            guard !name.isEmpty, !hash.isEmpty, hash.hasPrefix("$") else {
                throw ParseError(path: path, line: offset + 1, reason: "expected name:hash with a crypt(3) hash such as $y$...")
            }
            guard hashes.updateValue(hash, forKey: name) == nil else {
                throw ParseError(path: path, line: offset + 1, reason: "user \(name) is listed twice")
            }
        }
        self.hashes = hashes
    }

    public var rendered: String {
        hashes.keys.sorted().map { "\($0):\(hashes[$0]!)\n" }.joined()
    }
}
