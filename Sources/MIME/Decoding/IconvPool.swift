import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reuses iconv descriptors: `iconv_open` looks the converter modules up by name every time, which costs more
/// than converting a typical header or body. A descriptor is used by one caller at a time (taken out of the
/// pool, reset, and put back), so no descriptor is ever shared between threads.
final class IconvPool: @unchecked Sendable {
    // @unchecked: all mutable state (`idle`) is only touched with `lock` held.
    static let shared = IconvPool()

    private let lock = NSLock()
    private var idle: [String: [iconv_t]] = [:]
    private let maxIdlePerCharset = 4

    /// A descriptor converting `charset` to UTF-8 in its initial state, or nil when iconv does not know it.
    func take(_ charset: String) -> iconv_t? {
        lock.lock()
        let reused = idle[charset]?.popLast()
        lock.unlock()
        if let reused { return reused }
        let descriptor = iconv_open("UTF-8", charset)
        return descriptor == iconv_t(bitPattern: -1) ? nil : descriptor
    }

    func give(_ descriptor: iconv_t, _ charset: String) {
        // Back to the initial shift state for the next user.
        iconv(descriptor, nil, nil, nil, nil)
        lock.lock()
        if idle[charset, default: []].count < maxIdlePerCharset {
            idle[charset, default: []].append(descriptor)
            lock.unlock()
        } else {
            lock.unlock()
            iconv_close(descriptor)
        }
    }
}
