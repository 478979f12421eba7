import Foundation
import MailgateTestSupport

/// The Python webhook receiver (`webhook_receiver.py`) as a child process: verifies every request's
/// signature with the Standard Webhooks reference library and logs it; its answers come from a behaviour
/// file the test may rewrite while it runs.
final class WebhookReceiver {
    struct Request {
        var event: String
        var path: String
        var webhookID: String
        var verified: Bool
        var status: Int?
        var contentType: String
        var headers: [String: String]
        var body: Data

        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    let port: Int
    let secret: String
    private let logPath: String
    private let behaviourPath: String
    private let server: PythonServerProcess

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("webhook_receiver.py").path

    init(directory: String, behaviour: String = #"{"default": {"status": 200}}"#) throws {
        port = try LoopbackPort.free()
        secret = "whsec_" + Data((0..<24).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
        logPath = directory + "/receiver-\(port).jsonl"
        behaviourPath = directory + "/receiver-\(port)-behaviour.json"
        server = PythonServerProcess(
            script: Self.script, arguments: [String(port), secret, logPath, behaviourPath],
            outputPath: directory + "/receiver-\(port).out")
        FileManager.default.createFile(atPath: logPath, contents: nil)
        try setBehaviour(behaviour)
    }

    var url: String { "http://127.0.0.1:\(port)" }

    func setBehaviour(_ json: String) throws {
        try json.write(toFile: behaviourPath, atomically: true, encoding: .utf8)
    }

    /// Starts (or restarts) the receiver and waits until it listens.
    func start() async throws {
        try await server.start(name: "webhook receiver")
    }

    /// Stops the receiver: connections to its port are refused until `start()`.
    func stop() async {
        await server.stop()
    }

    /// The receiver's own output and its log's errors, for failure messages.
    var diagnostics: String {
        let output = server.output
        let log = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return output + log.split(separator: "\n").filter { $0.contains("\"event\": \"error\"") }.joined(separator: "\n")
    }

    func requests() -> [Request] {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return Request(
                event: object["event"] as? String ?? "", path: object["path"] as? String ?? "",
                webhookID: object["webhook_id"] as? String ?? "", verified: object["verified"] as? Bool ?? false,
                status: object["status"] as? Int, contentType: object["content_type"] as? String ?? "",
                headers: object["headers"] as? [String: String] ?? [:],
                body: Data(base64Encoded: object["body_base64"] as? String ?? "") ?? Data())
        }
    }

    /// Requests answered with a 2xx.
    func delivered() -> [Request] {
        requests().filter { $0.event == "answered" && (200..<300).contains($0.status ?? 0) }
    }

    /// Polls the log until `condition` holds or the time runs out; returns the last requests seen.
    @discardableResult
    func wait(within limit: Duration, until condition: ([Request]) -> Bool) async throws -> [Request] {
        let deadline = ContinuousClock.now + limit
        var seen = requests()
        while !condition(seen) && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(100))
            seen = requests()
        }
        return seen
    }
}
