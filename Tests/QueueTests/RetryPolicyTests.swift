import Foundation
import Queue
import Testing

@Suite("RetryPolicy")
struct RetryPolicyTests {
    private let now = Fixtures.start

    @Test(arguments: [
        (1, 30.0), (2, 60.0), (3, 120.0), (4, 240.0), (7, 1920.0), (8, 3600.0), (20, 3600.0),
    ])
    func exponentialBackoffIsCapped(attempt: Int, seconds: Double) {
        let policy = RetryPolicy(initialDelay: .seconds(30), multiplier: 2, maximumDelay: .seconds(3600), jitter: 0)
        #expect(policy.baseDelay(afterAttempt: attempt) == .milliseconds(Int64(seconds * 1000)))
    }

    @Test func jitterStaysWithinItsFractionAndIsReproducible() {
        let policy = RetryPolicy(initialDelay: .seconds(100), jitter: 0.3)
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        var distinct = Set<Duration>()
        for attempt in 1...4 {
            for _ in 0..<200 {
                let delay = policy.delay(afterAttempt: attempt, using: &first)
                #expect(delay == policy.delay(afterAttempt: attempt, using: &second))
                let base = policy.baseDelay(afterAttempt: attempt)
                #expect(delay <= base)
                #expect(delay >= base * 0.7)
                distinct.insert(delay)
            }
        }
        #expect(distinct.count > 100, "jitter should spread delays")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var attempts: Int
        var age: Duration
        var failure: JobFailure
        var expected: RetryDecision
        var testDescription: String { self.name }
    }

    static let start = Fixtures.start
    static let cases: [Case] = [
        Case(name: "first failure backs off", attempts: 1, age: .zero, failure: .temporary("503"),
             expected: .retry(at: start.addingTimeInterval(10))),
        Case(name: "third failure backs off 40s", attempts: 3, age: .seconds(100), failure: .temporary("503"),
             expected: .retry(at: start.addingTimeInterval(140))),
        Case(name: "retry-after wins when longer", attempts: 1, age: .zero, failure: .temporary("429", retryAfter: .seconds(90)),
             expected: .retry(at: start.addingTimeInterval(90))),
        Case(name: "retry-after ignored when shorter", attempts: 3, age: .zero, failure: .temporary("429", retryAfter: .seconds(1)),
             expected: .retry(at: start.addingTimeInterval(40))),
        Case(name: "permanent failure", attempts: 1, age: .zero, failure: .permanent("410 gone"),
             expected: .failed(reason: "410 gone")),
        Case(name: "attempts exhausted", attempts: 5, age: .zero, failure: .temporary("503"),
             expected: .dead(reason: "gave up after 5 attempts (maximum 5); last error: 503")),
        Case(name: "age exhausted", attempts: 2, age: .seconds(3600), failure: .temporary("503"),
             expected: .dead(reason: "gave up after 1h in the queue (2 attempts); last error: 503")),
        Case(name: "last attempt at the deadline", attempts: 4, age: .seconds(3590), failure: .temporary("503"),
             expected: .retry(at: start.addingTimeInterval(3600))),
    ]

    @Test(arguments: cases)
    func decisions(_ testCase: Case) {
        let policy = RetryPolicy(
            initialDelay: .seconds(10), multiplier: 2, maximumDelay: .seconds(600), jitter: 0, maximumAttempts: 5,
            maximumAge: .seconds(3600))
        var generator = SplitMix64(seed: 1)
        let now = Self.start.addingTimeInterval(Double(testCase.age.components.seconds))
        let cycleStart = Self.start
        let decision = policy.decide(
            attempts: testCase.attempts, cycleStartedAt: cycleStart, now: now, failure: testCase.failure,
            using: &generator)
        #expect(decision == testCase.expected)
    }
}
