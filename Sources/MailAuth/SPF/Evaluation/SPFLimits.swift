/// The processing limits of RFC 7208 §4.6.4, with the RFC's values as defaults.
public struct SPFLimits: Sendable, Equatable {
    /// Terms that query DNS (`include`, `a`, `mx`, `ptr`, `exists`, `redirect`) per check; more is a permerror.
    public var dnsQueryingTerms: Int
    /// Lookups answering "no data" or "no such name" per check; more is a permerror.
    public var voidLookups: Int
    /// MX records an `mx` mechanism may look at; more is a permerror.
    public var mxRecords: Int
    /// PTR names looked at by `ptr` and `%{p}`; the rest are ignored.
    public var ptrRecords: Int

    public init(dnsQueryingTerms: Int = 10, voidLookups: Int = 2, mxRecords: Int = 10, ptrRecords: Int = 10) {
        self.dnsQueryingTerms = dnsQueryingTerms
        self.voidLookups = voidLookups
        self.mxRecords = mxRecords
        self.ptrRecords = ptrRecords
    }

    public static let rfc7208 = SPFLimits()
}
