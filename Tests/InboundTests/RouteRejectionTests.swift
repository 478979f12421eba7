import Inbound
import Testing

@Suite struct RouteRejectionTests {
    @Test(arguments: [
        ("550 5.7.1 This address does not accept mail", RouteRejection(code: 550, enhancedCode: "5.7.1", text: "This address does not accept mail")),
        ("450 4.2.1 Mailbox busy", RouteRejection(code: 450, enhancedCode: "4.2.1", text: "Mailbox busy")),
        ("554 5.7.12 x", RouteRejection(code: 554, enhancedCode: "5.7.12", text: "x")),
        ("599 5.999.999 Edge", RouteRejection(code: 599, enhancedCode: "5.999.999", text: "Edge")),
        ("550  5.1.1  Spaces kept in text", RouteRejection(code: 550, enhancedCode: "5.1.1", text: "Spaces kept in text")),
    ])
    func parsesValidLines(line: String, expected: RouteRejection) {
        #expect(RouteRejection(parsing: line) == expected)
    }

    @Test(arguments: [
        "",
        "550",
        "550 5.7.1",
        "250 2.0.0 Not a failure",
        "399 3.0.0 Not a failure",
        "600 6.0.0 Out of range",
        "abc 5.7.1 Not a code",
        // The enhanced code's class must be the reply code's.
        "550 4.7.1 Class mismatch",
        "450 5.7.1 Class mismatch",
        "550 5.7 Too short",
        "550 5.7.1.2 Too long",
        "550 5..1 Empty part",
        "550 5.x.1 Letters",
        "550 5.7.1 Non-ASCII text é",
        "550 5.7.1 Line\r\nbreak",
        "550 5.7.1 Line\nbreak",
        "550 5.7.1 Bell\u{07}",
        "550 5.7.1 NUL\u{0}",
        // Digits other than ASCII are not digits in a reply code.
        "550 5.\u{0667}.1 Arabic-Indic digit",
        "550 5.7.1234 Detail too long",
        "+550 5.7.1 Signed",
    ])
    func rejectsInvalidLines(line: String) {
        #expect(RouteRejection(parsing: line) == nil)
    }
}
