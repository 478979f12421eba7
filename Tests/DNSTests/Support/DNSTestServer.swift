import Foundation
import MailgateTestSupport

/// The authoritative test server of `dns_test_server.py` on 127.0.0.1, serving a zone the test writes (and may
/// rewrite while it runs) and logging every query it receives.
final class DNSTestServer: Sendable {
    let port: Int
    let zonePath: String
    let logPath: String
    private let pid: Int32
    private let directory: String

    struct Zone: Encodable, Sendable {
        var records: [[DNSValue]]
        var timeout: [String] = []
        var servfail: [String] = []
        var authenticated: [String] = []
        var negativeTTL = 60

        enum CodingKeys: String, CodingKey {
            case records, timeout, servfail, authenticated
            case negativeTTL = "negative_ttl"
        }
    }

    /// A JSON value of a zone's record row: a name, a type, a value (text, a TXT's strings, an MX pair), a TTL.
    enum DNSValue: Encodable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
        case text(String)
        case number(Int)
        case list([DNSValue])

        init(stringLiteral value: String) { self = .text(value) }
        init(integerLiteral value: Int) { self = .number(value) }
        init(arrayLiteral elements: DNSValue...) { self = .list(elements) }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .text(let text): try container.encode(text)
            case .number(let number): try container.encode(number)
            case .list(let list): try container.encode(list)
            }
        }
    }

    static var script: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("dns_test_server.py").path
    }

    convenience init(zone: Zone) async throws {
        try await self.init(zoneJSON: try JSONEncoder().encode(zone))
    }

    /// A zone given as the server's JSON (see dns_test_server.py).
    init(zoneJSON: Data) async throws {
        directory = NSTemporaryDirectory() + "mailgate-dns-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        zonePath = directory + "/zone.json"
        logPath = directory + "/queries.log"
        FileManager.default.createFile(atPath: logPath, contents: nil)
        try zoneJSON.write(to: URL(fileURLWithPath: zonePath))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.script, zonePath, logPath]
        let output = Pipe()
        process.standardOutput = output
        FileManager.default.createFile(atPath: logPath + ".stderr", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: logPath + ".stderr")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        pid = process.processIdentifier
        let reader = output.fileHandleForReading
        let line = await offPool { () -> String in
            var collected = Data()
            while !collected.contains(UInt8(ascii: "\n")) {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                collected.append(chunk)
            }
            return String(decoding: collected, as: UTF8.self)
        }
        guard let port = Int(line.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            kill(pid, SIGKILL)
            let errors = (try? String(contentsOfFile: logPath + ".stderr", encoding: .utf8)) ?? ""
            throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey: "dns_test_server.py did not start: \(line) \(errors)"])
        }
        self.port = port
    }

    deinit {
        // SIGKILL: the test process blocks SIGTERM, and its children inherit the mask (and would never end).
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Replaces the zone; the server reads it again at its next query.
    func update(_ zone: Zone) throws {
        try Self.write(zone, to: zonePath + ".new")
        // A new mtime for certain: the server compares nanosecond mtimes, and rename is atomic.
        _ = rename(zonePath + ".new", zonePath)
    }

    private static func write(_ zone: Zone, to path: String) throws {
        try JSONEncoder().encode(zone).write(to: URL(fileURLWithPath: path))
    }

    /// Every query received so far: "name type udp|tcp".
    func queries() -> [String] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
