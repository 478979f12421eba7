@testable import MIME
import Testing

@Suite struct ParameterParserTests {
    @Test(arguments: [
        ("text/plain; charset=us-ascii", "charset", "us-ascii"),
        ("text/plain; charset=\"us-ascii\"", "charset", "us-ascii"),
        ("text/plain; CHARSET = UTF-8 ", "charset", "UTF-8"),
        ("text/plain;charset=utf-8;format=flowed", "format", "flowed"),
        ("text/plain; (comment) charset=utf-8 (trailing)", "charset", "utf-8"),
        ("attachment; filename=\"a \\\"quoted\\\" name.txt\"", "filename", "a \"quoted\" name.txt"),
        ("attachment; filename=\"C:\\Documents\\file.txt\"", "filename", "C:\\Documents\\file.txt"),
        // RFC 2231 §4: charset and language.
        ("attachment; filename*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A", "filename", "This is ***fun***"),
        ("attachment; filename*=UTF-8''%E2%82%AC%20rates.pdf", "filename", "€ rates.pdf"),
        ("attachment; filename*=iso-8859-1''%E9t%E9.txt", "filename", "été.txt"),
        ("attachment; filename*=''plain%20text", "filename", "plain text"),
        // RFC 2231 §3: continuations, mixed encoded and plain, out of order.
        ("attachment; filename*1=\"second \"; filename*0=\"first \"; filename*2=third", "filename", "first second third"),
        ("attachment; filename*0*=UTF-8''%E2%82%AC; filename*1=\" and more\"", "filename", "€ and more"),
        ("attachment; filename*0*=UTF-8''a%20; filename*1*=b%20; filename*2*=c", "filename", "a b c"),
        // Extended value beats the plain one.
        ("attachment; filename=\"fallback.txt\"; filename*=UTF-8''r%C3%A9al.txt", "filename", "réal.txt"),
        // Non-standard: encoded word in quotes, unquoted blanks, raw UTF-8, quoted 2231 value.
        ("attachment; filename=\"=?UTF-8?B?0YTQvtGC0L4ucG5n?=\"", "filename", "фото.png"),
        ("attachment; filename==?utf-8?q?caf=C3=A9.txt?=", "filename", "café.txt"),
        ("attachment; filename=Annual Report 2022.pdf", "filename", "Annual Report 2022.pdf"),
        ("attachment; filename=\"résumé.pdf\"", "filename", "résumé.pdf"),
        ("attachment; filename*=\"UTF-8''%C3%A9.txt\"", "filename", "é.txt"),
        ("attachment; filename*=utf-8''bad%ZZescape", "filename", "bad%ZZescape"),
        ("multipart/mixed; boundary=\"----=_Part_0_1.2\"", "boundary", "----=_Part_0_1.2"),
        ("multipart/mixed; boundary=simple-boundary", "boundary", "simple-boundary"),
        ("attachment;;; filename=x;;;", "filename", "x"),
    ])
    func parameter(header: String, name: String, expected: String) {
        #expect(ParameterParser.parse(header)[parameter: name] == expected)
    }

    @Test func mainValueAndMissing() {
        let parsed = ParameterParser.parse(" TEXT/HTML (comment) ; charset=utf-8")
        #expect(parsed.value == "TEXT/HTML")
        #expect(parsed[parameter: "name"] == nil)
        #expect(ParameterParser.parse("attachment; junk; =value; filename").parameters.isEmpty)
    }
}
