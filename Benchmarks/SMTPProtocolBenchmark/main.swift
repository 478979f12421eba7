import MailModel
import NIOCore
import SMTPProtocol

// One authenticated session; each iteration is one pipelined transaction with a 5 KiB body, fed as a
// single read (what a pipelining client produces), committed immediately.
let line = String(repeating: "x", count: 76) + "\r\n"
let body = "Subject: bench\r\nFrom: a@example.com\r\n\r\n" + String(repeating: line, count: 5 * 1024 / 78) + ".\r\n"
let transaction = ByteBuffer(string: "MAIL FROM:<app@example.com> SIZE=5120\r\nRCPT TO:<to@example.org>\r\nDATA\r\n" + body)

var machine = SMTPServerStateMachine(configuration: SMTPServerConfiguration(hostname: "mx.example.com", mode: .submissions))
_ = machine.connectionOpened(tls: TLSParameters(version: "TLSv1.3", cipher: "x"))
_ = machine.receive(ByteBuffer(string: "EHLO c\r\nAUTH PLAIN AHUAcA==\r\n"))
_ = machine.authenticationCompleted(.success(username: "u"))

let iterations = 200_000
var replyBytes = 0
let clock = ContinuousClock()
let elapsed = clock.measure {
    for _ in 0..<iterations {
        for action in machine.receive(transaction) {
            if case .sendReply(let reply) = action { replyBytes &+= reply.encoded().readableBytes }
        }
        for action in machine.commitCompleted(.queued(id: "ABCDEF")) {
            if case .sendReply(let reply) = action { replyBytes &+= reply.encoded().readableBytes }
        }
    }
}
let perMessage = elapsed / iterations
print("body octets: \(body.utf8.count), iterations: \(iterations), total: \(elapsed), per message: \(perMessage), reply bytes: \(replyBytes)")

// Streaming throughput of the DATA decoder alone: 25 MiB of 78-octet lines in 64 KiB reads.
let read = ByteBuffer(string: String(repeating: line, count: 65_536 / 78))
let reads = 25 * 1024 * 1024 / read.readableBytes
var decoder = SMTPDataDecoder(limits: .init(maximumMessageSize: .max))
var decoded = 0
let streamElapsed = clock.measure {
    for _ in 0..<reads {
        var input = read
        while case .chunk(let chunk) = decoder.decode(&input) { decoded &+= chunk.readableBytes }
    }
}
let megabytes = Double(decoded) / 1_048_576
let seconds = Double(streamElapsed.components.seconds) + Double(streamElapsed.components.attoseconds) / 1e18
print("DATA decoder: \(Int(megabytes)) MiB in \(streamElapsed), \(Int(megabytes / seconds)) MiB/s")
