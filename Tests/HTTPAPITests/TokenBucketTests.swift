import Testing

@testable import HTTPAPI

/// The bucket arithmetic with time as a value: bursts, refills, refusals that take nothing, and the numbers
/// the `RateLimit-*` and `Retry-After` fields carry.
@Suite struct TokenBucketTests {
    /// One step: at `at` seconds take `count`; expect allowed or not, then the remaining, reset and (when
    /// refused) retry-after seconds.
    struct Step: Sendable, CustomTestStringConvertible {
        var at: Double
        var count: Int
        var allowed: Bool
        var remaining: Int
        var reset: Int
        var retryAfter: Int? = nil
        var testDescription: String { "t=\(at) take \(count)" }
    }

    static func instant(_ seconds: Double) -> Duration { .milliseconds(Int64((seconds * 1000).rounded())) }

    @Test(arguments: [
        // 2 per second: a burst of two, the third refused, half a second later one is back.
        ("2/s burst", RateLimit.perSecond(2), [
            Step(at: 0, count: 1, allowed: true, remaining: 1, reset: 1),
            Step(at: 0, count: 1, allowed: true, remaining: 0, reset: 1),
            Step(at: 0, count: 1, allowed: false, remaining: 0, reset: 1, retryAfter: 1),
            Step(at: 0.5, count: 1, allowed: true, remaining: 0, reset: 1),
            Step(at: 10, count: 1, allowed: true, remaining: 1, reset: 1),
        ]),
        // 3600 recipients per hour is one a second: 3000 leaves 600; 700 more must wait 100 s, and nothing is taken.
        ("3600/h recipients", RateLimit.perHour(3600), [
            Step(at: 0, count: 3000, allowed: true, remaining: 600, reset: 3000),
            Step(at: 0, count: 700, allowed: false, remaining: 600, reset: 3000, retryAfter: 100),
            Step(at: 100, count: 700, allowed: true, remaining: 0, reset: 3600),
            Step(at: 3700, count: 0, allowed: true, remaining: 3600, reset: 0),
        ]),
        // More than the whole bucket never fits: it is refused with a full period to wait, and takes nothing.
        ("larger than the bucket", RateLimit.perHour(10), [
            Step(at: 0, count: 11, allowed: false, remaining: 10, reset: 0, retryAfter: 3600),
            Step(at: 0, count: 10, allowed: true, remaining: 0, reset: 3600),
        ]),
        // A monotonic clock should not step back; if a reading does, it adds no tokens.
        ("clock steps back", RateLimit.perSecond(1), [
            Step(at: 5, count: 1, allowed: true, remaining: 0, reset: 1),
            Step(at: 4, count: 1, allowed: false, remaining: 0, reset: 1, retryAfter: 1),
            Step(at: 6, count: 1, allowed: true, remaining: 0, reset: 1),
        ]),
    ] as [(String, RateLimit, [Step])])
    func bucket(_ name: String, limit: RateLimit, steps: [Step]) {
        var bucket = TokenBucket(limit: limit, now: Self.instant(steps[0].at))
        for step in steps {
            let decision = bucket.take(step.count, now: Self.instant(step.at))
            let status = decision.status
            #expect(status.limit == limit.capacity, "\(name) \(step.testDescription)")
            #expect(status.remaining == step.remaining, "\(name) \(step.testDescription)")
            #expect(status.reset == step.reset, "\(name) \(step.testDescription)")
            switch decision {
            case .allowed:
                #expect(step.allowed, "\(name) \(step.testDescription): allowed")
            case .refused(_, let retryAfter):
                #expect(!step.allowed, "\(name) \(step.testDescription): refused")
                #expect(retryAfter == step.retryAfter, "\(name) \(step.testDescription)")
            }
        }
    }

    @Test(arguments: [(0.0, 0), (0.2, 1), (1.0, 1), (1.000000001, 1), (1.5, 2), (99.99, 100)] as [(Double, Int)])
    func wholeSecondsRoundUp(seconds: Double, expected: Int) {
        #expect(TokenBucket.wholeSeconds(seconds) == expected)
    }
}
