import SMTPClient
import Testing

/// The pure parts of the relay policy: upstream order and the circuit breaker.
struct SMTPRelayPolicyTests {
    @Test(arguments: [
        // (priorities, rotation, order)
        ([0, 0, 10], 0, [0, 1, 2]),
        ([0, 0, 10], 1, [1, 0, 2]),
        ([0, 0, 10], 2, [0, 1, 2]),
        ([10, 0, 0, 5], 1, [2, 1, 3, 0]),
        ([7], 5, [0]),
    ])
    func lowerPriorityFirstAndEqualOnesTakeTurns(priorities: [Int], rotation: Int, expected: [Int]) {
        #expect(SMTPUpstreamOrder.order(priorities: priorities, rotation: rotation) == expected)
    }

    @Test func theCircuitOpensBacksOffDoublesAndClosesOnSuccess() {
        var breaker = SMTPCircuitBreaker(backOff: .seconds(10), maximumBackOff: .seconds(25))
        let start = ContinuousClock.now
        // `allows` mutates (an expired back-off turns the caller into the probe), so each answer is taken first.
        var answers: [Bool] = []
        answers.append(breaker.allows(at: start))
        breaker.failed(at: start)
        #expect(breaker.state == .open(until: start + .seconds(10)))
        answers.append(breaker.allows(at: start + .seconds(9)))
        answers.append(breaker.allows(at: start + .seconds(10)))
        #expect(breaker.state == .halfOpen, "the first relay after the back-off probes")
        answers.append(breaker.allows(at: start + .seconds(10)))
        #expect(answers == [true, false, true, false], "closed, backing off, probe, one probe at a time")
        breaker.failed(at: start + .seconds(10))
        #expect(breaker.state == .open(until: start + .seconds(30)), "doubled")
        answers = [breaker.allows(at: start + .seconds(30))]
        breaker.failed(at: start + .seconds(30))
        #expect(breaker.state == .open(until: start + .seconds(55)), "capped at the maximum")
        answers.append(breaker.allows(at: start + .seconds(55)))
        #expect(answers == [true, true])
        breaker.succeeded()
        #expect(breaker.state == .closed)
        breaker.failed(at: start + .seconds(60))
        #expect(breaker.state == .open(until: start + .seconds(70)), "a success resets the back-off")
    }
}
