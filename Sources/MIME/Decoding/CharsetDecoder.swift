#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns bytes in any charset iconv knows into a Swift string, never failing: invalid sequences become U+FFFD,
/// unknown or missing labels fall back to UTF-8 and then Windows-1252, and labels are mapped to the superset
/// encodings that senders actually use (as browsers do, WHATWG Encoding §4.2), e.g. Shift_JIS to CP932.
public enum CharsetDecoder {
    /// What a label resolves to.
    enum Resolution: Equatable {
        /// No usable label: guess from the bytes.
        case sniff
        case utf8
        case windows1252
        case iconv(String)
    }

    public static func decode<C: Collection>(_ bytes: C, charset: String?) -> String where C.Element == UInt8 {
        if let result = bytes.withContiguousStorageIfAvailable({ decode(buffer: $0, charset: charset) }) { return result }
        return Array(bytes).withUnsafeBufferPointer { decode(buffer: $0, charset: charset) }
    }

    public static func decode(buffer: UnsafeBufferPointer<UInt8>, charset: String?) -> String {
        let resolution = resolve(charset)
        if isASCIICompatible(resolution), isPlainASCII(buffer) {
            return String(decoding: buffer, as: UTF8.self)
        }
        switch resolution {
        case .sniff:
            return sniff(buffer)
        case .utf8:
            if isValidUTF8(buffer) { return String(decoding: buffer, as: UTF8.self) }
            // A "UTF-8" body without a single valid multibyte sequence was written in a legacy 8-bit charset.
            if !hasUTF8Multibyte(buffer) { return Windows1252.decode(buffer) }
            return String(decoding: buffer, as: UTF8.self)
        case .windows1252:
            return Windows1252.decode(buffer)
        case .iconv(let name):
            let (explicit, skip) = byteOrder(of: name, buffer)
            let rest = UnsafeBufferPointer(rebasing: buffer[skip...])
            if let decoded = convert(rest, from: explicit) { return decoded }
            return sniff(buffer)
        }
    }

    /// glibc's iconv reads "UTF-16" and "UTF-32" without a byte-order mark as little-endian; RFC 2781 §4.3 (and
    /// Unicode for UTF-32) say big-endian. So the mark decides, its absence means big-endian, and the mark itself
    /// is not part of the text.
    static func byteOrder(of name: String, _ buffer: UnsafeBufferPointer<UInt8>) -> (name: String, skip: Int) {
        let bytes = Array(buffer.prefix(4))
        switch name {
        case "UTF-16", "UCS-2", "UNICODE":
            if bytes.starts(with: [0xFF, 0xFE]) { return (name == "UTF-16" ? "UTF-16LE" : "UCS-2LE", 2) }
            if bytes.starts(with: [0xFE, 0xFF]) { return (name == "UTF-16" ? "UTF-16BE" : "UCS-2BE", 2) }
            return (name == "UTF-16" ? "UTF-16BE" : "UCS-2BE", 0)
        case "UTF-32", "UCS-4":
            if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return ("UTF-32LE", 4) }
            if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return ("UTF-32BE", 4) }
            return ("UTF-32BE", 0)
        default:
            return (name, 0)
        }
    }

    static func sniff(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        if isValidUTF8(buffer) { return String(decoding: buffer, as: UTF8.self) }
        return Windows1252.decode(buffer)
    }

    static func resolve(_ label: String?) -> Resolution {
        guard var name = label?.lowercased() else { return .sniff }
        name = name.trimmingASCIIWhitespaceAndQuotes()
        // RFC 2231 §5 language suffix: "utf-8*en".
        if let star = name.firstIndex(of: "*") { name = String(name[..<star]) }
        switch name {
        case "", "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "us", "default", "unknown", "unknown-8bit",
            "x-unknown", "x-user-defined", "none", "charset", "7bit", "8bit":
            return .sniff
        case "utf-8", "utf8", "x-utf8", "unicode-1-1-utf-8", "utf-8-bom":
            return .utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1", "windows-1252", "cp1252", "x-cp1252",
            "cp819", "ibm819", "iso-ir-100", "ansi_x3.110-1983":
            return .windows1252
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "x-ms-cp932":
            return .iconv("CP932")
        case "euc-jp", "x-euc-jp", "eucjp":
            return .iconv("EUC-JP-MS")
        case "iso-2022-jp", "csiso2022jp", "iso-2022-jp-1":
            return .iconv("ISO-2022-JP-3")
        case "gb2312", "gbk", "x-gbk", "cp936", "euc-cn", "x-euc-cn", "csgb2312", "chinese", "gb_2312-80":
            return .iconv("GB18030")
        case "big5", "x-big5", "csbig5", "cn-big5", "big-5":
            return .iconv("BIG5-HKSCS")
        case "ks_c_5601-1987", "ks_c_5601", "euc-kr", "korean", "csksc56011987", "ks_c_5601-1989", "windows-949", "cp949":
            return .iconv("CP949")
        case "windows-874", "tis-620", "iso-8859-11", "dos-874":
            return .iconv("CP874")
        case "iso-8859-8-i", "iso-8859-8-e", "logical", "visual":
            return .iconv("ISO-8859-8")
        case "unicode-1-1-utf-7", "utf-7", "x-utf-7":
            return .iconv("UTF-7")
        case "x-mac-roman", "mac", "macintosh", "x-mac":
            return .iconv("MACINTOSH")
        default:
            if name.hasPrefix("x-mac-") { return .iconv("MAC" + name.dropFirst(6).uppercased()) }
            return .iconv(name.uppercased())
        }
    }

    private static func isASCIICompatible(_ resolution: Resolution) -> Bool {
        guard case .iconv(let name) = resolution else { return true }
        return !(name.hasPrefix("UTF-16") || name.hasPrefix("UTF-32") || name.hasPrefix("UCS") || name.hasPrefix("UTF-7")
            || name.hasPrefix("ISO-2022") || name.hasPrefix("HZ") || name == "UNICODE" || name.hasPrefix("CSISO2022"))
    }

    static func isPlainASCII(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buffer.baseAddress else { return true }
        let count = buffer.count
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < count {
            if buffer[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    static func isValidUTF8(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var iterator = buffer.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    private static func hasUTF8Multibyte(_ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        var iterator = buffer.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar.value >= 0x80 { return true }
            case .emptyInput: return false
            case .error: continue
            }
        }
    }

    /// iconv with replacement: on an invalid or truncated sequence, emit U+FFFD, skip one byte, go on.
    static func convert(_ buffer: UnsafeBufferPointer<UInt8>, from name: String) -> String? {
        guard let descriptor = IconvPool.shared.take(name) else { return nil }
        defer { IconvPool.shared.give(descriptor, name) }
        var capacity = buffer.count * 3 + 16
        var output = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        defer { output.deallocate() }
        var written = 0
        var consumed = 0
        let total = buffer.count
        guard let inputBase = buffer.baseAddress ?? UnsafePointer(bitPattern: 1) else { return "" }
        let input = UnsafeMutableRawPointer(mutating: inputBase).assumingMemoryBound(to: CChar.self)
        func grow() {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: output, count: written)
            output.deallocate()
            output = bigger
            capacity *= 2
        }
        func appendReplacement() {
            if capacity - written < 3 { grow() }
            output[written] = 0xEF
            output[written + 1] = 0xBF
            output[written + 2] = 0xBD
            written += 3
        }
        var finished = false
        while !finished {
            var inPointer: UnsafeMutablePointer<CChar>? = total == 0 ? nil : input + consumed
            var inLeft = total - consumed
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(output + written).assumingMemoryBound(to: CChar.self)
            var outLeft = capacity - written
            let result = total == 0 ? 0 : iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
            let error = errno
            consumed = total - inLeft
            written = capacity - outLeft
            if result != -1 {
                finished = true
                break
            }
            switch error {
            case E2BIG:
                grow()
            case EILSEQ:
                appendReplacement()
                consumed += 1
            case EINVAL:
                appendReplacement()
                finished = true
            default:
                appendReplacement()
                finished = true
            }
            if consumed >= total { finished = true }
        }
        // Flush the shift state of stateful encodings (ISO-2022-JP returning to ASCII).
        while true {
            var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(output + written).assumingMemoryBound(to: CChar.self)
            var outLeft = capacity - written
            let result = iconv(descriptor, nil, nil, &outPointer, &outLeft)
            written = capacity - outLeft
            if result == -1 && errno == E2BIG { grow(); continue }
            break
        }
        return String(decoding: UnsafeBufferPointer(start: output, count: written), as: UTF8.self)
    }
}
