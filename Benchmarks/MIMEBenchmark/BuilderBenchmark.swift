import DKIM
import Dispatch
import Foundation
import MIME

/// MessageBuilder on the send request the outbound budget is stated for (DESIGN.md: a 5 KiB message under
/// 300 µs of CPU from POST to 202): text and HTML of about 2.5 KiB each with some non-ASCII, a UTF-8 subject
/// and display name, two recipients; and the same with a 100 KiB attachment; then DKIM signing of the first.
enum BuilderBenchmark {
    static func run(iterations: Int) {
        let paragraph = "Grüße aus Köln! This is the body of a transactional message, with a link to https://example.com/a/b?c=d. "
        let text = String(repeating: paragraph + "\n", count: 24)
        let html = "<html><body>" + String(repeating: "<p>" + paragraph + "</p>\n", count: 22) + "</body></html>"
        let plain = MessageDraft(
            from: MailAddress(name: "Jörg Müller", address: "joerg@example.com"),
            to: [MailAddress(name: "Bob", address: "bob@example.org"), MailAddress(address: "carol@example.net")],
            subject: "Ihre Bestellung Nr. 12345 wurde versandt – vielen Dank",
            text: text,
            html: html,
            headers: [DraftHeader(name: "X-Campaign", value: "orders")],
            messageID: "bench.1@mail.example.com",
            date: Date(timeIntervalSince1970: 1_796_000_000)
        )
        var withAttachment = plain
        withAttachment.attachments = [
            DraftAttachment(filename: "Rechnung 12345.pdf", contentType: "application/pdf", data: (0..<102_400).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        ]
        let builder = MessageBuilder()
        for (name, draft) in [("text+html", plain), ("text+html+100KiB", withAttachment)] {
            var bytes = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations {
                bytes &+= (try? builder.build(draft).count) ?? 0
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print(String(format: "build %@: %d messages of %d bytes, %.1f µs each", name, iterations, bytes / iterations, seconds / Double(iterations) * 1e6))
        }
        // Signing the small message: canonicalization, the body hash and one signature.
        let message = (try? builder.build(plain)) ?? []
        for algorithm in DKIMAlgorithm.allCases {
            guard let key = try? DKIMKeyGenerator.generate(algorithm: algorithm),
                let signer = try? DKIMSigner(domain: "example.com", selector: "bench", privateKeyPEM: key.privateKeyPEM, algorithm: algorithm)
            else { continue }
            var bytes = 0
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations {
                bytes &+= (try? signer.sign(message, now: Date(timeIntervalSince1970: 1_796_000_000)).utf8.count) ?? 0
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            print(String(format: "sign %@ (%d-byte message): %.1f µs each", algorithm.rawValue, message.count, seconds / Double(iterations) * 1e6))
        }
    }
}
