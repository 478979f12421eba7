import Foundation
import HTTPClient

/// Signs and POSTs one webhook body, and classifies the answer. Shared by queued, sync and event
/// deliveries so they follow one contract.
public struct WebhookSender: Sendable {
    private let client: CurlHTTPClient

    public init(client: CurlHTTPClient) {
        self.client = client
    }

    /// `id` is the `webhook-id`: the same on every retry of one delivery so receivers can dedupe.
    public func send(_ body: WebhookBody, to target: WebhookTarget, id: String, now: Date = Date()) async -> WebhookAttempt {
        var headers = target.signer.headers(id: id, timestamp: now, body: body.bytes).map { HTTPHeader($0.name, $0.value) }
        headers.append(HTTPHeader("content-type", body.contentType))
        headers += body.headers
        headers += target.headers
        let request = HTTPRequest(
            method: .post, url: target.url, headers: headers, body: body.bytes,
            connectTimeout: target.connectTimeout, timeout: target.timeout, destinationPolicy: target.destinationPolicy)
        let started = ContinuousClock.now
        do {
            let response = try await client.execute(request)
            let duration = ContinuousClock.now - started
            return WebhookAttempt(
                verdict: Self.verdict(status: response.status, retryAfter: response.header("retry-after"), now: now),
                status: response.status, error: nil, reason: Self.reason(response.body), duration: duration)
        } catch let error as HTTPClientError {
            let verdict: WebhookVerdict
            if case .destinationRefused = error { verdict = .destinationRefused } else { verdict = .retry(after: nil) }
            return WebhookAttempt(verdict: verdict, status: nil, error: error, reason: "", duration: ContinuousClock.now - started)
        } catch {
            return WebhookAttempt(
                verdict: .retry(after: nil), status: nil, error: .transport(code: -1, message: "\(error)"), reason: "",
                duration: ContinuousClock.now - started)
        }
    }

    static func verdict(status: Int, retryAfter: String?, now: Date) -> WebhookVerdict {
        switch status {
        case 200..<300: .delivered
        case 410: .gone
        case 408, 429, 500..<600: .retry(after: RetryAfterHeader.delay(retryAfter, now: now))
        default: .rejected
        }
    }

    /// The receiver's explanation: a JSON body's `message`, `reason` or `error` string, or else the first
    /// line of the body; printable ASCII, at most 200 characters, so it fits an SMTP reply line.
    static func reason(_ body: [UInt8]) -> String {
        var text: String?
        if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            for key in ["message", "reason", "error"] {
                if let value = object[key] as? String {
                    text = value
                    break
                }
                if let nested = object[key] as? [String: Any], let value = nested["message"] as? String {
                    text = value
                    break
                }
            }
        }
        let line = (text ?? String(decoding: body.prefix(1024), as: UTF8.self))
            .split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let printable = String(line.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f }.map(Character.init))
        return String(printable.trimmingCharacters(in: .whitespaces).prefix(200))
    }
}
