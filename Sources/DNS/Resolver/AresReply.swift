/// What c-ares hands back for one sent query: the raw reply, or why there is none (`ares_strerror`'s text).
enum AresReply: Sendable {
    case answer([UInt8])
    case failure(String)
}
