import SMTPServer
import Testing

/// The throttle's policy, with time passed in: no sleeping.
@Suite struct AuthThrottleTests {
    let policy = AuthThrottle.Policy(
        baseDelay: .milliseconds(100), maximumDelay: .milliseconds(800), lockoutThreshold: 5,
        window: .seconds(60), lockoutDuration: .seconds(300))
    let keys = [AuthThrottle.ipKey("192.0.2.1"), AuthThrottle.userKey("alice")]
    let start = ContinuousClock.now

    @Test func delayDoublesPerFailureUpToTheMaximum() {
        var throttle = AuthThrottle(policy: policy)
        #expect(throttle.verdict(keys: keys, now: start) == .proceed(delay: .zero))
        var expected: [Duration] = []
        for failure in 1...4 {
            throttle.recordFailure(keys: keys, now: start)
            expected.append(min(.milliseconds(100 * (1 << (failure - 1))), .milliseconds(800)))
            #expect(throttle.verdict(keys: keys, now: start) == .proceed(delay: expected.last!))
        }
        #expect(expected == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800)])
    }

    @Test func theThresholdLocksOutUntilTheLockoutEnds() {
        var throttle = AuthThrottle(policy: policy)
        for _ in 0..<5 { throttle.recordFailure(keys: keys, now: start) }
        #expect(throttle.verdict(keys: keys, now: start + .seconds(10)) == .lockedOut(until: start + .seconds(300)))
        // Another IP trying the same user is locked out too; the same IP with another user as well.
        #expect(throttle.verdict(keys: [AuthThrottle.ipKey("198.51.100.7"), AuthThrottle.userKey("ALICE")], now: start + .seconds(10)) != .proceed(delay: .zero))
        #expect(throttle.verdict(keys: [AuthThrottle.ipKey("192.0.2.1"), AuthThrottle.userKey("bob")], now: start + .seconds(10)) != .proceed(delay: .zero))
        #expect(throttle.verdict(keys: keys, now: start + .seconds(301)) == .proceed(delay: .zero))
    }

    @Test func failuresOutsideTheWindowAreForgotten() {
        var throttle = AuthThrottle(policy: policy)
        for _ in 0..<4 { throttle.recordFailure(keys: keys, now: start) }
        throttle.recordFailure(keys: keys, now: start + .seconds(61))
        #expect(throttle.verdict(keys: keys, now: start + .seconds(61)) == .proceed(delay: .milliseconds(100)))
    }

    @Test func successClearsTheUserButNotTheIP() {
        var throttle = AuthThrottle(policy: policy)
        for _ in 0..<3 { throttle.recordFailure(keys: keys, now: start) }
        throttle.recordSuccess(user: "alice")
        #expect(throttle.verdict(keys: [AuthThrottle.userKey("alice")], now: start) == .proceed(delay: .zero))
        #expect(throttle.verdict(keys: [AuthThrottle.ipKey("192.0.2.1")], now: start) == .proceed(delay: .milliseconds(400)))
    }

    @Test func memoryStaysBoundedUnderASprayOfKeys() {
        var throttle = AuthThrottle(policy: policy, maximumTrackedKeys: 100)
        for index in 0..<10_000 { throttle.recordFailure(keys: [AuthThrottle.ipKey("ip\(index)")], now: start) }
        // The newest keys are still tracked after pruning.
        #expect(throttle.verdict(keys: [AuthThrottle.ipKey("ip9999")], now: start) == .proceed(delay: .milliseconds(100)))
    }
}
