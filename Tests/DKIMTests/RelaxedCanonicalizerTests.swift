@testable import DKIM
import Testing

@Suite struct RelaxedCanonicalizerTests {
    @Test(arguments: [
        // RFC 6376 §3.4.5.
        ("A: X", "a:X\r\n"),
        ("B : Y\t\r\n\tZ  ", "b:Y Z\r\n"),
        ("Subject:   many    blanks\t\there  ", "subject:many blanks here\r\n"),
        ("X-Empty:", "x-empty:\r\n"),
        ("X-Fold: a\r\n b\r\n\t c", "x-fold:a b c\r\n"),
        ("FROM:<a@b>", "from:<a@b>\r\n"),
    ])
    func header(field: String, expected: String) {
        #expect(RelaxedCanonicalizer.header(ArraySlice(field.utf8)) == Array(expected.utf8))
    }

    @Test(arguments: [
        // RFC 6376 §3.4.5.
        (" C \r\nD \t E\r\n\r\n\r\n", " C\r\nD E\r\n"),
        ("", ""),
        ("\r\n\r\n", ""),
        ("a", "a\r\n"),
        ("a\r\n\r\nb\r\n", "a\r\n\r\nb\r\n"),
        ("a  \r\n   \r\n\t\r\nb\r\n \r\n", "a\r\n\r\n\r\nb\r\n"),
        ("\tleading\r\n", " leading\r\n"),
    ])
    func body(body: String, expected: String) {
        #expect(RelaxedCanonicalizer.body(ArraySlice(body.utf8)) == Array(expected.utf8))
    }
}
