/// One step of a store's schema history. Versions only grow; a released migration never changes.
struct Migration: Sendable {
    var version: Int
    var name: String
    var statements: [String]
}
