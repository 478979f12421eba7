import NIOCore
import SMTPProtocol

/// libFuzzer entry point. The first input byte picks the target and a configuration, the second how the
/// rest is cut into reads; the remaining bytes are what a client sends.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: start, count: count))
    guard bytes.count >= 2 else { return 0 }
    let selector = bytes[0]
    let cut = Int(bytes[1]) + 1
    let payload = Array(bytes[2...])
    switch selector % 5 {
    case 0: FuzzTargets.commandParser(payload)
    case 1:
        FuzzTargets.dataDecoder(payload, cut: cut, reject: selector & 0x10 != 0)
        FuzzTargets.encoderRoundTrip(payload, cut: cut)
    case 3: FuzzTargets.proxyHeader(payload, cut: cut)
    case 4: FuzzTargets.clientSession(payload, cut: cut, selector: selector)
    default: FuzzTargets.serverSession(payload, cut: cut, selector: selector)
    }
    return 0
}
