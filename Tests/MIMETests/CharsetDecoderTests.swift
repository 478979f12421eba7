import Foundation
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
        // RFC 2781 §4.3: UTF-16 without a byte-order mark is big-endian; a mark decides and is not text.
        ([0x00, 0x61, 0x00, 0xE9], "utf-16", "aé"),
        ([0xFE, 0xFF, 0x00, 0x61], "UTF-16", "a"),
        ([0xFF, 0xFE, 0x61, 0x00], "utf-16", "a"),
        ([0x00, 0x00, 0x00, 0x61], "utf-32", "a"),
        ([0xFF, 0xFE, 0x00, 0x00, 0x61, 0x00, 0x00, 0x00], "utf-32", "a"),
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

    @Test func aUTF16TextPartWithoutByteOrderMarkIsReadAsBigEndian() {
        func message(_ charset: String, _ body: [UInt8]) -> [UInt8] {
            Array("From: a@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\n".utf8)
                + Array("Content-Type: text/plain; charset=\(charset)\r\nContent-Transfer-Encoding: base64\r\n\r\n".utf8)
                + Array(Data(body).base64EncodedString().utf8) + Array("\r\n".utf8)
        }
        let text = "Grüße aus Köln\r\n"
        let bigEndian = Array(text.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        // The same part in UTF-8 is the reference: whatever the parser does with line ends, it does to both.
        let reference = MessageParser().parse(message("utf-8", Array(text.utf8))).text
        #expect(reference?.hasPrefix("Grüße aus Köln") == true)
        #expect(MessageParser().parse(message("utf-16", bigEndian)).text == reference)
    }
}

