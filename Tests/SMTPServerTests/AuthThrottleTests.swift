import SMTPServer
import Testing

/// The throttle's policy, with time passed in: no sleeping.
@Suite struct AuthThrottleTests {
    let policy = AuthThrottle.Policy(
        baseDelay: .milliseconds(100), maximumDelay: .milliseconds(800), lockoutThreshold: 5,
        window: .seconds(60), lockoutDuration: .seconds(300))
    let start = ContinuousClock.now

    func keys(_ throttle: AuthThrottle, _ user: String = "alice", _ ip: String = "192.0.2.1") -> AuthThrottle.Keys {
        throttle.keys(user: user, remoteIP: ip)
    }

    /// `count` failed attempts, each counted as it begins.
    func fail(_ throttle: inout AuthThrottle, _ keys: AuthThrottle.Keys, times count: Int, at now: ContinuousClock.Instant) {
        for _ in 0..<count { _ = throttle.beginAttempt(keys, now: now) }
    }

    @Test func delayDoublesPerFailureUpToTheMaximum() {
        var throttle = AuthThrottle(policy: policy, maximumTrackedKeys: 100)
        let keys = keys(throttle)
        var delays: [Duration] = []
        for _ in 0..<5 {
            guard case .proceed(let delay) = throttle.beginAttempt(keys, now: start) else { break }
            delays.append(delay)
        }
        #expect(delays == [.zero, .milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800)])
    }

    @Test func theThresholdLocksOutUntilTheLockoutEnds() {
        var throttle = AuthThrottle(policy: policy)
        fail(&throttle, keys(throttle), times: 5, at: start)
        #expect(throttle.beginAttempt(keys(throttle), now: start + .seconds(10)) == .lockedOut(until: start + .seconds(300)))
        // The same client with another user is locked out too (the client's own lockout is global).
        #expect(throttle.beginAttempt(keys(throttle, "bob"), now: start + .seconds(10)) == .lockedOut(until: start + .seconds(300)))
        #expect(throttle.beginAttempt(keys(throttle), now: start + .seconds(301)) == .proceed(delay: .zero))
    }

    /// Ten connections ask at once, before any password check has answered: only the threshold's worth get a guess.
    @Test func parallelAttemptsAreCountedBeforeTheirCheck() {
        var throttle = AuthThrottle(policy: policy)
        let verdicts = (0..<10).map { index in
            throttle.beginAttempt(keys(throttle, "alice", "192.0.2.\(index % 2 + 1)"), now: start)
        }
        let proceeded = verdicts.filter { if case .proceed = $0 { true } else { false } }.count
        #expect(proceeded == 5)
    }

    @Test func theUserIsLockedOutOnlyFromTheNetworkThatFailed() {
        var throttle = AuthThrottle(policy: policy)
        // One failure each from five addresses of one /24 locks alice out from that /24…
        for host in 1...5 { _ = throttle.beginAttempt(keys(throttle, "alice", "192.0.2.\(host)"), now: start) }
        #expect(throttle.beginAttempt(keys(throttle, "ALICE", "192.0.2.200"), now: start) == .lockedOut(until: start + .seconds(300)))
        // …but not from elsewhere, and other users from that /24 still get their delay only.
        #expect(throttle.beginAttempt(keys(throttle, "alice", "198.51.100.7"), now: start) == .proceed(delay: .zero))
        #expect(throttle.beginAttempt(keys(throttle, "bob", "192.0.2.201"), now: start) == .proceed(delay: .zero))
    }

    @Test func ipv6ClientsAreCountedPerNetworkAndIPv4PerAddress() {
        var throttle = AuthThrottle(policy: policy)
        for host in 1...5 { _ = throttle.beginAttempt(keys(throttle, "user\(host)", "2001:db8:1:2::\(host)"), now: start) }
        #expect(throttle.beginAttempt(keys(throttle, "carol", "2001:db8:1:2:ffff::1"), now: start) == .lockedOut(until: start + .seconds(300)))
        #expect(throttle.beginAttempt(keys(throttle, "carol", "2001:db8:1:3::1"), now: start) == .proceed(delay: .zero))
        for user in 1...5 { _ = throttle.beginAttempt(keys(throttle, "user\(user)", "198.51.100.\(user)"), now: start) }
        #expect(throttle.beginAttempt(keys(throttle, "carol", "198.51.100.9"), now: start) == .proceed(delay: .zero))
        // An IPv4-mapped address is its IPv4 address.
        #expect(keys(throttle, "x", "::ffff:198.51.100.1").client == keys(throttle, "x", "198.51.100.1").client)

        let wide = AuthThrottle(policy: AuthThrottle.Policy(ipv6Prefix: 48))
        #expect(wide.keys(user: "x", remoteIP: "2001:db8:1:2::1").client == wide.keys(user: "x", remoteIP: "2001:db8:1:ffff::1").client)
        #expect(wide.keys(user: "x", remoteIP: "2001:db8:1:2::1").client == "ip:2001:db8:1::/48")
    }

    @Test func failuresOutsideTheWindowAreForgotten() {
        var throttle = AuthThrottle(policy: policy)
        fail(&throttle, keys(throttle), times: 4, at: start)
        #expect(throttle.beginAttempt(keys(throttle), now: start + .seconds(61)) == .proceed(delay: .zero))
        #expect(throttle.beginAttempt(keys(throttle), now: start + .seconds(61)) == .proceed(delay: .milliseconds(100)))
    }

    @Test func successTakesBackItsOwnCountAndClearsTheUser() {
        var throttle = AuthThrottle(policy: policy)
        fail(&throttle, keys(throttle), times: 3, at: start)
        // A fourth attempt succeeds: the user's record goes, the client keeps its three failures.
        _ = throttle.beginAttempt(keys(throttle), now: start)
        throttle.attemptSucceeded(keys(throttle))
        #expect(throttle.beginAttempt(keys(throttle, "alice", "198.51.100.7"), now: start) == .proceed(delay: .zero))
        #expect(throttle.beginAttempt(keys(throttle, "bob"), now: start) == .proceed(delay: .milliseconds(400)))
    }

    /// An application that logs in for every message never locks itself out.
    @Test func successesNeverAddUp() {
        var throttle = AuthThrottle(policy: policy)
        for _ in 0..<100 {
            #expect(throttle.beginAttempt(keys(throttle), now: start) == .proceed(delay: .zero))
            throttle.attemptSucceeded(keys(throttle))
        }
        #expect(throttle.trackedKeys == 0)
    }

    @Test func memoryStaysBoundedUnderASprayOfKeys() {
        var throttle = AuthThrottle(policy: policy, maximumTrackedKeys: 100)
        for index in 0..<10_000 { _ = throttle.beginAttempt(keys(throttle, "u\(index)", "10.\(index >> 16 & 255).\(index >> 8 & 255).\(index & 255)"), now: start) }
        #expect(throttle.trackedKeys <= 100)
        // The newest keys are still tracked.
        #expect(throttle.beginAttempt(keys(throttle, "u9999", "10.0.39.15"), now: start) == .proceed(delay: .milliseconds(100)))
    }

    /// A full table evicts the least recently used keys, never a live lockout: a spray of new keys cannot
    /// buy an attacker a fresh set of guesses.
    @Test func evictionNeverForgetsALiveLockout() {
        var throttle = AuthThrottle(policy: policy, maximumTrackedKeys: 100)
        fail(&throttle, keys(throttle), times: 5, at: start)
        for index in 0..<10_000 {
            _ = throttle.beginAttempt(keys(throttle, "u\(index)", "10.\(index >> 16 & 255).\(index >> 8 & 255).\(index & 255)"), now: start + .seconds(1))
        }
        #expect(throttle.trackedKeys <= 100)
        #expect(throttle.beginAttempt(keys(throttle), now: start + .seconds(2)) == .lockedOut(until: start + .seconds(300)))
        #expect(throttle.beginAttempt(keys(throttle, "alice", "192.0.2.77"), now: start + .seconds(2)) == .lockedOut(until: start + .seconds(300)))
    }

    /// When every tracked key is a live lockout, new keys go uncounted rather than memory growing; once the
    /// lockouts end their room is reused.
    @Test func aTableFullOfLockoutsStaysBounded() {
        var throttle = AuthThrottle(policy: policy, maximumTrackedKeys: 10)
        for index in 0..<5 { fail(&throttle, keys(throttle, "u\(index)", "192.0.2.\(index)"), times: 5, at: start) }
        for index in 0..<100 { _ = throttle.beginAttempt(keys(throttle, "v\(index)", "198.51.100.\(index)"), now: start) }
        #expect(throttle.trackedKeys <= 10)
        #expect(throttle.beginAttempt(keys(throttle, "u0", "192.0.2.0"), now: start + .seconds(1)) == .lockedOut(until: start + .seconds(300)))
        _ = throttle.beginAttempt(keys(throttle, "w", "203.0.113.1"), now: start + .seconds(301))
        #expect(throttle.beginAttempt(keys(throttle, "w", "203.0.113.1"), now: start + .seconds(301)) == .proceed(delay: .milliseconds(100)))
    }
}
