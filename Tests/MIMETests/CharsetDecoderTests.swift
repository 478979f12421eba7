@testable import MIME
import Testing

@Suite struct CharsetDecoderTests {
    @Test(arguments: [
        ([0x63, 0x61, 0x66, 0xC3, 0xA9], "utf-8", "café"),
        ([0x63, 0x61, 0x66, 0xE9], "iso-8859-1", "café"),
        ([0x80, 0x96], "iso-8859-1", "€–"),
        ([0x80], "windows-1252", "€"),
        ([0xE9], "ISO-8859-15", "é"),
        ([0xA4], "iso-8859-15", "€"),
        ([0xCF, 0xF0, 0xE8], "windows-1251", "При"),
        ([0xF0, 0xD2, 0xC9], "KOI8-R", "При"),
        ([0x82, 0xA0], "Shift_JIS", "あ"),
        ([0x87, 0x40], "shift_jis", "①"),
        ([0xA4, 0xA2], "euc-jp", "あ"),
        ([0x1B, 0x24, 0x42, 0x24, 0x22, 0x1B, 0x28, 0x42], "iso-2022-jp", "あ"),
        ([0xC4, 0xE3], "gb2312", "你"),
        ([0x81, 0x30, 0x81, 0x30], "gb18030", "\u{80}"),
        ([0xA7, 0x41], "big5", "你"),
        ([0xC7, 0xD1], "ks_c_5601-1987", "한"),
        ([0x61, 0x00], "utf-16le", "a"),
        // Missing or unknown label: UTF-8 if valid, else Windows-1252.
        ([0xC3, 0xA9], nil, "é"),
        ([0xE9], nil, "é"),
        ([0xE9], "x-no-such-charset", "é"),
        ([0xC3, 0xA9], "us-ascii", "é"),
        // Declared UTF-8 without one valid multibyte sequence: legacy 8-bit text.
        ([0x63, 0x61, 0x66, 0xE9], "utf-8", "café"),
        // Declared UTF-8 with valid and invalid sequences: replacement characters.
        ([0xC3, 0xA9, 0xFF], "utf-8", "é\u{FFFD}"),
        // Invalid bytes in a multibyte charset: replaced, the rest kept.
        ([0x82, 0xA0, 0xFF, 0x82, 0xA2], "shift_jis", "あ\u{FFFD}い"),
        ([0xC4], "gb2312", "\u{FFFD}"),
        ([], "utf-16", ""),
        ([0x22, 0x61], "\"utf-8\"", "\"a"),
    ] as [([UInt8], String?, String)])
    func decodes(bytes: [UInt8], charset: String?, expected: String) {
        #expect(CharsetDecoder.decode(bytes, charset: charset) == expected)
    }
}
