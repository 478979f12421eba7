/// Finds the `X-Load-Sent` header (written by `SMTPLoad`) in a JSON webhook body, where it appears among
/// `message.headers` as `{"name":"X-Load-Sent","value":"<19 digits>"}`. A byte search rather than a JSON
/// decode: at thousands of requests per second the sink must cost little beside the gateway it measures.
enum LoadStampReader {
    private static let key = Array("\"X-Load-Sent\"".utf8)

    /// The stamp in Unix epoch nanoseconds, or nil when the body has none.
    static func epochNanoseconds(in body: [UInt8]) -> Int64? {
        guard let keyEnd = find(key, in: body) else { return nil }
        // The first run of digits after the name is the value: `,"value":"` lies between.
        var index = keyEnd
        let limit = min(body.count, keyEnd + 64)
        while index < limit, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(body[index]) { index += 1 }
        var value: Int64 = 0
        var digits = 0
        while index < body.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(body[index]), digits < 19 {
            value = value * 10 + Int64(body[index] - UInt8(ascii: "0"))
            index += 1
            digits += 1
        }
        return digits == 19 ? value : nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        var start = 0
        while start <= haystack.count - needle.count {
            guard let first = haystack[start...].firstIndex(of: needle[0]), first <= haystack.count - needle.count else { return nil }
            if haystack[first..<(first + needle.count)].elementsEqual(needle) { return first + needle.count }
            start = first + 1
        }
        return nil
    }
}
