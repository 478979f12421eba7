/// Errors a catalog may throw that are the caller's fault, answered with 400 instead of 500.
public enum InboundCatalogError: Error, Sendable, Equatable {
    /// The `cursor` parameter is not one this catalog issued (or it has expired).
    case invalidCursor
}
