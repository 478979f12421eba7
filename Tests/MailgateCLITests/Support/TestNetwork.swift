import Foundation
import MailgateTestSupport

/// HTTP requests for tests that talk to a running `mailgate serve`.
enum TestNetwork {
    /// `curl` as a real HTTP client: status code and body, or nil when nothing answers.
    static func get(_ url: String, caFile: String? = nil) async throws -> (status: Int, body: String)? {
        try await request("GET", url, caFile: caFile)
    }

    /// Any method, with headers and a body (sent from a file, so binary and large bodies pass unchanged).
    /// `caFile`: the only certificate authority an `https` URL is verified against (`curl --cacert`).
    static func request(
        _ method: String, _ url: String, headers: [String: String] = [:], body: Data? = nil, caFile: String? = nil
    ) async throws -> (status: Int, body: String)? {
        var arguments = ["-s", "-m", "30", "-X", method, "-w", "\n%{http_code}"]
        if let caFile { arguments += ["--cacert", caFile] }
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { arguments += ["-H", "\(name): \(value)"] }
        var bodyFile: URL?
        if let body {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("curl-body-\(UUID().uuidString)")
            try body.write(to: file)
            bodyFile = file
            arguments += ["--data-binary", "@" + file.path]
        }
        defer { if let bodyFile { try? FileManager.default.removeItem(at: bodyFile) } }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        process.arguments = arguments + [url]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Off the cooperative pool: blocking its two threads here stalls other tests' servers.
        let reader = pipe.fileHandleForReading
        let data = await offPool { reader.readDataToEndOfFile() }
        while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let split = text.lastIndex(of: "\n"), let status = Int(text[text.index(after: split)...]) else { return nil }
        return (status, String(text[..<split]))
    }

    /// Polls until the URL answers or the time runs out.
    static func waitUntilAnswering(
        _ url: String, caFile: String? = nil, within limit: Duration
    ) async throws -> (status: Int, body: String)? {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let answer = try await get(url, caFile: caFile) { return answer }
            try await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }
}
