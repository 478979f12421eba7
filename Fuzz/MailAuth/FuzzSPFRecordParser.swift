// libFuzzer target for MailAuth's SPF grammar: every input must parse or be refused with a reason, never trap;
// what parses must expand (every domain-spec, with every macro letter) into a name of at most 253 octets when it
// has a dot to drop labels at; the input as explanation text must expand too. Compiled together with the module's
// sources into one executable by Fuzz/MailAuth/run.sh (so it needs no package build).

let fuzzContext = SPFMacroContext(
    sender: "strong-bad@email.example.com", localPart: "strong-bad", senderDomain: "email.example.com",
    domain: "email.example.com", ip: IPAddress("2001:db8::cb01")!, helo: "mx.example.org", receiver: "mx.example.net",
    timestamp: 1_700_000_000)

func checkExpansion(_ spec: SPFMacroString) {
    let name = SPFMacroExpander.expandDomain(spec, context: fuzzContext, validatedName: "mail.example.com")
    precondition(name.utf8.count <= 253 || !name.contains("."), "expanded past 253 octets with a label to drop: \(spec.text)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSPFRecordParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    // Records: as given, and with the version in front so that the terms are reached.
    for candidate in [text, "v=spf1 " + text] {
        do {
            let record = try SPFRecordParser.parse(candidate)
            precondition(SPFRecordParser.isSPFRecord(candidate))
            for directive in record.directives {
                precondition(!directive.text.isEmpty)
                switch directive.mechanism {
                case .include(let spec), .exists(let spec): checkExpansion(spec)
                case .a(let spec?, _), .mx(let spec?, _), .ptr(let spec?): checkExpansion(spec)
                case .ip4(let address, let prefix): precondition(address.isIPv4 && (0...32).contains(prefix))
                case .ip6(let address, let prefix): precondition(!address.isIPv4 && (0...128).contains(prefix))
                default: break
                }
            }
            for spec in [record.redirect, record.explanation].compactMap({ $0 }) { checkExpansion(spec) }
        } catch {
            precondition(!error.reason.isEmpty)
        }
    }
    if let explanation = try? SPFMacroStringParser.parse(Substring(text), context: .explanation, term: "exp") {
        _ = SPFMacroExpander.expand(explanation, context: fuzzContext, validatedName: nil)
    }
    return 0
}
