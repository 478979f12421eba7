import DNS
import MailAuth
import Testing

@Suite struct DNSCacheTests {
    let start = ContinuousClock.now

    @Test func fullCacheDropsTheAnswersClosestToExpiry() {
        var cache = DNSCache<ContinuousClock.Instant>(capacity: 8, maximumTTL: .seconds(3600))
        for index in 0..<8 {
            cache.store(.nxDomain, ttl: UInt32(100 + index), for: DNSQuestion(name: "n\(index).example", type: .a), at: start)
        }
        cache.store(.nxDomain, ttl: 500, for: DNSQuestion(name: "new.example", type: .a), at: start)
        #expect(cache.count == 8)
        #expect(cache.answer(for: DNSQuestion(name: "n0.example", type: .a), at: start) == nil)
        #expect(cache.answer(for: DNSQuestion(name: "n7.example", type: .a), at: start) == .nxDomain)
        #expect(cache.answer(for: DNSQuestion(name: "NEW.example.", type: .a), at: start) == .nxDomain)
    }

    @Test func ttlIsCappedAndZeroIsNotKept() {
        var cache = DNSCache<ContinuousClock.Instant>(capacity: 8, maximumTTL: .seconds(60))
        let question = DNSQuestion(name: "example.com", type: .txt)
        cache.store(.noData, ttl: 86_400, for: question, at: start)
        #expect(cache.answer(for: question, at: start + .seconds(59)) == .noData)
        #expect(cache.answer(for: question, at: start + .seconds(61)) == nil)
        cache.store(.noData, ttl: 0, for: question, at: start)
        #expect(cache.count == 0)
    }
}
