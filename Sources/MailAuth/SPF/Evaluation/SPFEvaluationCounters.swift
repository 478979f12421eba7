/// The limits' counters for one check, shared by every record an include or a redirect reaches.
struct SPFEvaluationCounters: Sendable {
    var dnsQueryingTerms = 0
    var voidLookups = 0
}
