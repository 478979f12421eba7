/// A message row ready to insert, with its last (often only) chunk and its jobs.
struct NewMessage: Sendable {
    var id: MessageID
    var envelopeJSON: String
    var metadataJSON: String
    var size: Int
    var chunkCount: Int
    var finalChunk: BodyChunk?
    var jobs: [NewJob]
    var createdAt: Int64
}
