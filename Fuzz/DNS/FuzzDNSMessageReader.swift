// libFuzzer target for the DNS reply reader (what c-ares hands back comes from the network): every input must be
// read or refused with a reason, never trap, for every type asked; what is read holds TTLs of 31 bits and
// addresses of the family asked for. Compiled with the reader's sources (Sources/DNS/Wire) into one executable by
// Fuzz/DNS/run.sh; MailAuth (IPAddress, MXRecord) is built first as a module of its own.
import MailAuth

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDNSMessageReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let message = Array(UnsafeBufferPointer(start: data, count: size))
    for type in [DNSRecordType.a, .aaaa, .txt, .mx, .ptr] {
        do {
            let reply = try DNSMessageReader.read(message, name: "example.com", type: type)
            precondition((reply.ttl ?? 0) <= 0x7fff_ffff && (reply.negativeTTL ?? 0) <= 0x7fff_ffff)
            precondition(reply.responseCode <= 15)
            for record in reply.records {
                if case .address(let address) = record { precondition(address.isIPv4 == (type == .a)) }
            }
        } catch {
            precondition(!error.reason.isEmpty)
        }
    }
    return 0
}
