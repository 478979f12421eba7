import DNS
import Foundation
import MailAuth

// SPF verification cost per message with a warm DNS cache: the MAIL FROM and HELO checks of one message, through
// the real resolver (c-ares, the reply reader, the TTL cache), its answers cached by a first pass. CPU time of
// the process (CLOCK_PROCESS_CPUTIME_ID), so that the machine's other load does not count.
// Usage: SPFBenchmark PORT [MESSAGES], with dns_test_server.py serving zone.json on 127.0.0.1:PORT (run.sh).

let arguments = CommandLine.arguments
guard arguments.count >= 2, let port = Int(arguments[1]) else {
    FileHandle.standardError.write(Data("usage: SPFBenchmark PORT [MESSAGES]\n".utf8))
    exit(2)
}
let messages = arguments.count > 2 ? Int(arguments[2]) ?? 20_000 : 20_000

func cpuSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

let resolver = try DNSResolver(configuration: DNSResolverConfiguration(servers: [try DNSServerAddress(parsing: "127.0.0.1:\(port)")]))
let evaluator = SPFEvaluator(dns: resolver, receiver: "mx.example.net")
// The senders of zone.json: a record with two includes, mx and a (six DNS-querying terms), and one with a macro.
let cases: [(ip: IPAddress, sender: String, helo: String)] = [
    (IPAddress("192.0.2.129")!, "alice@example.com", "mail-a.example.com"),
    (IPAddress("198.51.100.7")!, "bob@example.com", "mail-b.example.com"),
    (IPAddress("203.0.113.9")!, "carol@example.com", "unknown.example.org"),
    (IPAddress("2001:db8::25")!, "dave@macro.example.com", "mail-a.example.com"),
]

func message(_ index: Int) async -> (SPFResult, SPFResult) {
    let item = cases[index % cases.count]
    let mailFrom = await evaluator.checkMailFrom(ip: item.ip, mailFrom: item.sender, helo: item.helo, timestamp: 1_700_000_000)
    let helo = await evaluator.checkHELO(ip: item.ip, helo: item.helo, timestamp: 1_700_000_000)
    return (mailFrom.result, helo.result)
}

var results: [String: Int] = [:]
for index in 0..<cases.count {
    let (mailFrom, helo) = await message(index)  // warms the cache
    print("case \(index): mail from \(mailFrom), helo \(helo)")
}
let cached = resolver.cachedAnswers
let start = cpuSeconds()
let wall = ContinuousClock.now
for index in 0..<messages {
    let (mailFrom, _) = await message(index)
    results[mailFrom.rawValue, default: 0] += 1
}
let cpu = cpuSeconds() - start
let elapsed = ContinuousClock.now - wall
print("messages: \(messages), cached answers: \(cached) (after: \(resolver.cachedAnswers)), results: \(results.sorted { $0.key < $1.key })")
print(String(format: "CPU per message (MAIL FROM + HELO): %.1f µs; wall: %@ in all", cpu / Double(messages) * 1e6, "\(elapsed)"))
