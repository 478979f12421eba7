// libFuzzer entry point for the DKIM tag-list parser and the streaming body canonicalizer (compiled together with
// their sources by run.sh). The first input byte picks the target; the rest is its input.
//
// Properties checked beyond "does not crash":
// - a parsed tag list has unique, well-formed names and trimmed values without ";", and writing it back as
//   `name=value;…` parses to the same tags;
// - the body canonicalizer gives the same output however the input is split into chunks.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDKIM(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    switch data[0] % 3 {
    case 0: checkTagList(bytes)
    case 1: checkBodyCanonicalizer(bytes, .simple)
    default: checkBodyCanonicalizer(bytes, .relaxed)
    }
    return 0
}

func checkTagList(_ bytes: [UInt8]) {
    guard let list = try? DKIMTagList(parsing: bytes) else { return }
    precondition(!list.tags.isEmpty)
    precondition(Set(list.tags.map(\.name)).count == list.tags.count, "duplicate names accepted")
    for tag in list.tags {
        let name = Array(tag.name.utf8)
        precondition(!name.isEmpty && !name.contains(where: { $0 == 0x3D || $0 == 0x3B || DKIMTagList.isWhitespace($0) }), "bad name \(tag.name)")
        let value = Array(tag.value.utf8)
        precondition(!value.contains(0x3B), "value with ;")
        precondition(value.first.map { !DKIMTagList.isWhitespace($0) } ?? true && value.last.map { !DKIMTagList.isWhitespace($0) } ?? true, "untrimmed value")
    }
    let written = list.tags.map { "\($0.name)=\($0.value)" }.joined(separator: ";")
    // Values are decoded as UTF-8 (invalid sequences replaced), so compare after the same decoding.
    guard let again = try? DKIMTagList(parsing: Array(written.utf8)) else { preconditionFailure("written tag list does not parse: \(written)") }
    precondition(again == list, "round trip changed the tags")
}

func checkBodyCanonicalizer(_ bytes: [UInt8], _ algorithm: DKIMCanonicalization) {
    let whole = algorithm.body(bytes[...])
    guard !bytes.isEmpty else { return }
    // Split at every position given by the input's own bytes (bounded, so each run stays cheap).
    var canonicalizer = BodyCanonicalizer(algorithm)
    var out: [UInt8] = []
    var start = 0
    var step = Int(bytes[0] % 7) + 1
    while start < bytes.count {
        let end = min(bytes.count, start + step)
        canonicalizer.canonicalize(bytes[start..<end], into: &out)
        step = Int(bytes[end - 1] % 5) + 1
        start = end
    }
    canonicalizer.finish(into: &out)
    precondition(out == whole, "chunked canonicalization differs")
}
