import Digests
import Testing

@Suite struct DigestTests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesTheFIPSVectors(input: String, expected: String) {
        #expect(SHA256Hasher.hex(Array(input.utf8)) == expected)
    }

    @Test func piecesHashLikeTheWhole() {
        let data = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var hasher = SHA256Hasher()
        for start in stride(from: 0, to: data.count, by: 4096) {
            hasher.update(data[start..<min(start + 4096, data.count)])
        }
        #expect(Hex.encode(hasher.finalize()) == SHA256Hasher.hex(data))
    }

    /// RFC 4231 test case 2.
    @Test func hmacSHA256MatchesRFC4231() {
        let mac = HMACSHA256.authenticate(Array("what do ya want for nothing?".utf8), key: Array("Jefe".utf8))
        #expect(Hex.encode(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
