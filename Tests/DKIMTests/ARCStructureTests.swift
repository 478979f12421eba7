import DKIM
import Foundation
import Testing

/// ARC sets that are not a chain fail before any key is asked for (RFC 8617 §5.2 steps 1–3).
@Suite struct ARCStructureTests {
    static func set(_ instance: String, cv: String = "none") -> String {
        "ARC-Seal: i=\(instance); a=rsa-sha256; cv=\(cv); d=example.net; s=arc; b=AAAA\r\n"
            + "ARC-Message-Signature: i=\(instance); a=rsa-sha256; c=relaxed/relaxed; d=example.net; s=arc; h=from; bh=AAAA; b=AAAA\r\n"
            + "ARC-Authentication-Results: i=\(instance); mx.example.net; spf=pass\r\n"
    }

    static let rest = "From: a@example.com\r\nSubject: s\r\n\r\nbody\r\n"

    static let cases: [(String, String, ARCResult.Verdict, String?)] = [
        ("no ARC fields", rest, .none, nil),
        ("a gap in the instances", set("3", cv: "pass") + set("1") + rest, .fail, "the set i=2 is incomplete"),
        ("a set without its seal", set("1").replacingOccurrences(of: "ARC-Seal:", with: "X-Seal:") + rest, .fail, "the set i=1 is incomplete"),
        ("two seals for one instance", "ARC-Seal: i=1; a=rsa-sha256; cv=none; d=example.net; s=arc; b=AAAA\r\n" + set("1") + rest, .fail, "two arc-seal fields with i=1"),
        ("an instance over 50", set("51", cv: "pass") + rest, .fail, "without a valid i="),
        ("an instance that is no number", set("x") + rest, .fail, "without a valid i="),
        ("a seal with h=", set("1").replacingOccurrences(of: "cv=none;", with: "cv=none; h=from;") + rest, .fail, "h= tag"),
        ("a seal with an unknown cv", set("1", cv: "maybe") + rest, .fail, "cv=maybe"),
        ("the newest seal records a failed chain", set("2", cv: "fail") + set("1") + rest, .fail, "records that the chain had failed"),
    ]

    @Test(arguments: cases.indices)
    func structure(index: Int) async {
        let (name, message, verdict, reason) = Self.cases[index]
        var verification = DKIMVerification(verifiesARC: true)
        verification.append(Array(message.utf8))
        let arc = await verification.authenticate(keys: InMemoryKeyZone(), now: Date()).arc
        #expect(arc?.verdict == verdict, "\(name): \(String(describing: arc))")
        if let reason { #expect(arc?.failure?.description.contains(reason) == true, "\(name): \(String(describing: arc))") }
    }

    @Test func withoutARCTheResultIsNil() async {
        var verification = DKIMVerification()
        verification.append(Array((Self.set("1") + Self.rest).utf8))
        #expect(await verification.authenticate(keys: InMemoryKeyZone(), now: Date()).arc == nil)
    }
}
