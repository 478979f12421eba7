import Digests
import Dispatch
import Foundation
import MIME

// `MIMEBenchmark ITERATIONS FILE...` parses the files repeatedly, on one thread, with full decoding (bodies,
// attachments, SHA-256 of every attachment and of the raw message through OpenSSL, as the gateway does), and
// prints MiB/s and messages/s. Run by Benchmarks/MIMEBenchmark/run.sh beside GMime and Python's email.
let arguments = CommandLine.arguments
// `MIMEBenchmark build ITERATIONS`: the outbound side instead, MessageBuilder on a typical send request.
if arguments.count == 3, arguments[1] == "build", let iterations = Int(arguments[2]) {
    BuilderBenchmark.run(iterations: iterations)
    exit(0)
}
guard arguments.count >= 3, let iterations = Int(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: MIMEBenchmark ITERATIONS FILE... | MIMEBenchmark build ITERATIONS\n".utf8))
    exit(2)
}
let files = try arguments.dropFirst(2).map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0))) }
let totalBytes = files.reduce(0) { $0 + $1.count }
// The digester the gateway uses (MessagePreview.digester): OpenSSL's SHA-256.
let parser = MessageParser(digester: ContentDigester { SHA256Hasher.hex($0) })
var checksum = 0
let start = DispatchTime.now().uptimeNanoseconds
for _ in 0..<iterations {
    for file in files {
        let parsed = parser.parse(file)
        checksum &+= parsed.attachments.count &+ (parsed.text?.utf8.count ?? 0) &+ (parsed.html?.utf8.count ?? 0)
    }
}
let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
let mib = Double(totalBytes * iterations) / 1_048_576
print(String(format: "mailgate: %d messages, %.1f MiB in %.3f s: %.1f MiB/s, %.0f msg/s (checksum %d)", files.count * iterations, mib, seconds, mib / seconds, Double(files.count * iterations) / seconds, checksum))
