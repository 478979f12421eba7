/// What ends a check early: a DNS failure (`temperror`) or an error in the records or the limits (`permerror`).
/// Thrown through includes and redirects, and turned into the verdict at the top.
enum SPFEvaluationFailure: Error, Sendable {
    case temporary(String)
    case permanent(String)
}
