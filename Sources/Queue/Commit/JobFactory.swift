import Foundation

/// Turns `JobSpec`s into rows; shared by both stores so ids and times are made the same way.
struct JobFactory {
    static func make(_ specs: [JobSpec], for message: MessageID, now: Date) throws -> [NewJob] {
        let nowMilliseconds = now.epochMilliseconds
        return try specs.map { spec in
            NewJob(
                id: spec.id ?? JobID(TimeOrderedID.make(at: now)),
                messageID: message,
                kind: spec.kind,
                recipientsJSON: try StoreJSON.encodeToString(spec.recipients),
                payload: spec.payload,
                createdAt: nowMilliseconds,
                nextAttemptAt: max(nowMilliseconds, spec.notBefore?.epochMilliseconds ?? nowMilliseconds)
            )
        }
    }
}
