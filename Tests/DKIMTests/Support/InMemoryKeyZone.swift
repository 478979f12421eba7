import DKIM

/// Key records answered from memory: the unit tests' DNS. A name not in the zone is NXDOMAIN.
struct InMemoryKeyZone: DKIMKeyLookup {
    var answers: [String: DKIMKeyAnswer]

    init(_ answers: [String: DKIMKeyAnswer] = [:]) {
        self.answers = answers
    }

    init(records: [String: String]) {
        answers = records.mapValues { .records([Array($0.utf8)]) }
    }

    /// The zone as the differential scripts write it: a record per name, "TIMEOUT" for a name whose query times out.
    init(scriptZone: [String: String]) {
        answers = scriptZone.mapValues { $0 == "TIMEOUT" ? .temporaryFailure("timed out") : .records([Array($0.utf8)]) }
    }

    func txtRecords(at name: String) async -> DKIMKeyAnswer {
        answers[name.lowercased()] ?? .nonexistentDomain
    }
}
