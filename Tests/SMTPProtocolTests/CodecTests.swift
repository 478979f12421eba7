import Testing

@testable import SMTPProtocol

struct CodecTests {
    @Test(arguments: ["", "f", "fo", "foo", "foob", "fooba", "foobar", "\u{0}user\u{0}pässwörd"])
    func base64RoundTrip(_ text: String) {
        let encoded = SASLBase64.encode(Array(text.utf8))
        #expect(SASLBase64.decode(Array(encoded.utf8)) == Array(text.utf8))
    }

    @Test func base64KnownVectors() {
        #expect(SASLBase64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(SASLBase64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(SASLBase64.decode(Array("Zg==".utf8)) == Array("f".utf8))
    }

    @Test(arguments: ["Zg=", "Zg", "Z===", "Zg==Zg==", "Zm9v!", "=Zg="])
    func base64RejectsMalformed(_ text: String) {
        #expect(SASLBase64.decode(Array(text.utf8)) == nil)
    }

    @Test func xtextRoundTrip() {
        let raw = Array("a+b=c d\u{7F}é".utf8)
        let encoded = XText.encode(raw)
        #expect(encoded == "a+2Bb+3Dc+20d+7F+C3+A9")
        #expect(XText.decode(Array(encoded.utf8)) == raw)
        #expect(XText.decode(Array("a+2".utf8)) == nil)
        #expect(XText.decode(Array("a=b".utf8)) == nil)
    }

    @Test func saslPlain() {
        #expect(
            SASLPlainResponse(decoding: Array("\u{0}user\u{0}pass".utf8))
                == SASLPlainResponse(authorizationIdentity: nil, authenticationIdentity: "user", password: "pass"))
        #expect(SASLPlainResponse(decoding: Array("admin\u{0}user\u{0}pass".utf8))?.authorizationIdentity == "admin")
        #expect(SASLPlainResponse(decoding: Array("\u{0}\u{0}pass".utf8)) == nil)
        #expect(SASLPlainResponse(decoding: Array("\u{0}user\u{0}".utf8)) == nil)
        #expect(SASLPlainResponse(decoding: Array("user\u{0}pass".utf8)) == nil)
        #expect(SASLPlainResponse(decoding: Array("\u{0}user\u{0}pa\u{0}ss".utf8)) == nil)
    }
}
