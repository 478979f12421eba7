import Testing

@testable import HTTPAPI

/// Who may read `/metrics`: anyone by default, or only the bearer of the configured token.
@Suite struct MetricsAccessTests {
    @Test func openAdmitsEveryone() {
        #expect(MetricsAccess.open.admits(authorization: nil))
        #expect(MetricsAccess.open.admits(authorization: "Bearer anything"))
        #expect(!MetricsAccess.open.requiresToken)
    }

    @Test(arguments: [
        (nil, false), ("Bearer 0123456789abcdef", true), ("bearer 0123456789abcdef", true),
        ("Bearer 0123456789abcde", false), ("Bearer 0123456789abcdef0", false), ("Bearer 0123456789ABCDEF", false),
        ("Basic MDEyMzQ1Njc4OWFiY2RlZg==", false), ("0123456789abcdef", false), ("Bearer", false),
    ] as [(String?, Bool)])
    func aTokenAdmitsOnlyItsBearer(authorization: String?, admitted: Bool) {
        let access = MetricsAccess(token: "0123456789abcdef")
        #expect(access.requiresToken)
        #expect(access.admits(authorization: authorization) == admitted, "\(authorization ?? "no header")")
    }
}
