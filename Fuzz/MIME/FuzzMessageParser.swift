// libFuzzer target for the MIME module: every input must parse, render to JSON and never trap, and build
// (FuzzMessageBuilder.swift) into a message that reads back the same. Compiled
// together with the module's sources into one executable by Fuzz/MIME/run.sh (so it needs no package build).

/// The digest is not what is fuzzed here (OpenSSL's is used in production); any 64-hex-digit function keeps
/// the parser's own paths intact.
let fuzzDigester = ContentDigester { buffer in
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in buffer { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 64 - hex.count) + hex
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMessageParser(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let parsed = MessageParser(limits: MIMELimits(maxParts: 200, maxDepth: 16, maxHeaderCount: 200, maxHeaderBytes: 1 << 16), digester: fuzzDigester).parse(bytes)
    precondition(parsed.rawSize == size)
    for attachment in parsed.attachments { precondition(attachment.sha256.utf8.count == 64) }
    let message = InboundMessage(parsed, rawMessage: bytes, options: InboundRenderOptions(inlineAttachmentLimit: 64, attachmentBaseURL: "u/"))
    _ = try? InboundJSONEncoder().encode(message)
    // The grammar pieces on their own, with the input as header text.
    let text = String(decoding: bytes.prefix(4096), as: UTF8.self)
    _ = EncodedWordDecoder.decode(text)
    _ = AddressListParser.parse(text)
    _ = ParameterParser.parse(text)
    _ = DateParser.parse(text)
    fuzzMessageBuilder(bytes)
    return 0
}
