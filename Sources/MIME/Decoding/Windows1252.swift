/// Windows-1252, the charset behind most mislabelled or unlabelled 8-bit mail; also what ISO-8859-1 labels
/// mean in practice (WHATWG maps them together). Bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D map to the C1 controls.
enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D, 0x017D, 0x8F,
        0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// Writes UTF-8 directly (at most three bytes per input byte) instead of appending scalars one by one.
    static func decode(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
        String(unsafeUninitializedCapacity: buffer.count * 3) { out in
            var written = 0
            for byte in buffer {
                let value: UInt32 = (0x80...0x9F).contains(byte) ? high[Int(byte) - 0x80] : UInt32(byte)
                if value < 0x80 {
                    out[written] = UInt8(value)
                    written += 1
                } else if value < 0x800 {
                    out[written] = UInt8(0xC0 | (value >> 6))
                    out[written + 1] = UInt8(0x80 | (value & 0x3F))
                    written += 2
                } else {
                    out[written] = UInt8(0xE0 | (value >> 12))
                    out[written + 1] = UInt8(0x80 | ((value >> 6) & 0x3F))
                    out[written + 2] = UInt8(0x80 | (value & 0x3F))
                    written += 3
                }
            }
            return written
        }
    }
}
