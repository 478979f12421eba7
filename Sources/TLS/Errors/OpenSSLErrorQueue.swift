import COpenSSL

/// The OpenSSL error queue is per thread and sticky: a stale entry left by an earlier call on the same
/// event-loop thread would be misattributed to the next failure. Every SSL call is therefore preceded by
/// `clear()` and every failure drains the queue with `drain()`.
enum OpenSSLErrorQueue {
    static func clear() {
        ERR_clear_error()
    }

    static func drain() -> [OpenSSLErrorEntry] {
        var entries: [OpenSSLErrorEntry] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &text, text.count)
            let message = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            entries.append(OpenSSLErrorEntry(code: code, message: message))
        }
        return entries
    }
}
