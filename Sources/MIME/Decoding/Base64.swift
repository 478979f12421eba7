/// Base64 (RFC 2045 §6.8) as mail needs it: decoding skips anything outside the alphabet (line breaks, stray
/// spaces, garbage from broken relays) instead of failing, and stops at padding.
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// 0..63 for alphabet bytes, 0xFE for `=`, 0xFF for everything else. `-` and `_` are accepted as the URL-safe
    /// alphabet because some webmailers emit it.
    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in alphabet.enumerated() { table[Int(byte)] = UInt8(index) }
        table[Int(UInt8(ascii: "-"))] = 62
        table[Int(UInt8(ascii: "_"))] = 63
        table[Int(UInt8(ascii: "="))] = 0xFE
        return table
    }()

    public static func decode<C: Collection>(_ input: C) -> [UInt8] where C.Element == UInt8 {
        if let result = input.withContiguousStorageIfAvailable({ decode(buffer: $0) }) { return result }
        return Array(input).withUnsafeBufferPointer { decode(buffer: $0) }
    }

    public static func decode(buffer: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        // Uninitialised: zero-filling a large attachment's buffer first would cost as much as decoding it.
        return [UInt8](unsafeUninitializedCapacity: buffer.count / 4 * 3 + 3) { out, initializedCount in
            var written = 0
            decodeTable.withUnsafeBufferPointer { table in
                var quantum: UInt32 = 0
                var filled = 0
                var index = 0
                let count = buffer.count
                // Fast path: four clean alphabet bytes at a time, as in every well-formed line.
                while index < count {
                    if filled == 0 && index + 4 <= count {
                        let a = table[Int(buffer[index])], b = table[Int(buffer[index + 1])]
                        let c = table[Int(buffer[index + 2])], d = table[Int(buffer[index + 3])]
                        if (a | b | c | d) < 64 {
                            let value = UInt32(a) << 18 | UInt32(b) << 12 | UInt32(c) << 6 | UInt32(d)
                            out[written] = UInt8(truncatingIfNeeded: value >> 16)
                            out[written + 1] = UInt8(truncatingIfNeeded: value >> 8)
                            out[written + 2] = UInt8(truncatingIfNeeded: value)
                            written += 3
                            index += 4
                            continue
                        }
                    }
                    let value = table[Int(buffer[index])]
                    index += 1
                    if value < 64 {
                        quantum = quantum << 6 | UInt32(value)
                        filled += 1
                        if filled == 4 {
                            out[written] = UInt8(truncatingIfNeeded: quantum >> 16)
                            out[written + 1] = UInt8(truncatingIfNeeded: quantum >> 8)
                            out[written + 2] = UInt8(truncatingIfNeeded: quantum)
                            written += 3
                            filled = 0
                            quantum = 0
                        }
                    } else if value == 0xFE {
                        // Padding ends a quantum; a padded quantum with data after it is a concatenation of two
                        // encodings, so keep decoding after flushing.
                        flush(&quantum, &filled, out, &written)
                    }
                }
                flush(&quantum, &filled, out, &written)
            }
            initializedCount = written
        }
    }

    private static func flush(_ quantum: inout UInt32, _ filled: inout Int, _ out: UnsafeMutableBufferPointer<UInt8>, _ written: inout Int) {
        switch filled {
        case 2:
            out[written] = UInt8(truncatingIfNeeded: quantum >> 4)
            written += 1
        case 3:
            out[written] = UInt8(truncatingIfNeeded: quantum >> 10)
            out[written + 1] = UInt8(truncatingIfNeeded: quantum >> 2)
            written += 2
        default:
            break
        }
        quantum = 0
        filled = 0
    }

    public static func encode<C: Collection>(_ input: C) -> String where C.Element == UInt8 {
        if let result = input.withContiguousStorageIfAvailable({ encode(buffer: $0) }) { return result }
        return Array(input).withUnsafeBufferPointer { encode(buffer: $0) }
    }

    public static func encode(buffer: UnsafeBufferPointer<UInt8>) -> String {
        let outputCount = (buffer.count + 2) / 3 * 4
        return String(unsafeUninitializedCapacity: outputCount) { out in
            alphabet.withUnsafeBufferPointer { table in
                var i = 0
                var o = 0
                while i + 3 <= buffer.count {
                    let value = UInt32(buffer[i]) << 16 | UInt32(buffer[i + 1]) << 8 | UInt32(buffer[i + 2])
                    out[o] = table[Int(value >> 18)]
                    out[o + 1] = table[Int(value >> 12 & 63)]
                    out[o + 2] = table[Int(value >> 6 & 63)]
                    out[o + 3] = table[Int(value & 63)]
                    i += 3
                    o += 4
                }
                let rest = buffer.count - i
                if rest > 0 {
                    let value = UInt32(buffer[i]) << 16 | (rest == 2 ? UInt32(buffer[i + 1]) << 8 : 0)
                    out[o] = table[Int(value >> 18)]
                    out[o + 1] = table[Int(value >> 12 & 63)]
                    out[o + 2] = rest == 2 ? table[Int(value >> 6 & 63)] : UInt8(ascii: "=")
                    out[o + 3] = UInt8(ascii: "=")
                    o += 4
                }
                return o
            }
        }
    }
}
