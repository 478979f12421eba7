/// A file sent with a draft. With a `contentID` it is an inline part (`Content-Disposition: inline` and
/// `Content-ID`), which an HTML body can show with a `cid:` URL.
public struct DraftAttachment: Sendable, Hashable {
    public var filename: String
    /// `type/subtype` with optional parameters, e.g. `text/calendar; method=REQUEST`.
    public var contentType: String
    public var data: [UInt8]
    /// Without angle brackets (they are tolerated and removed).
    public var contentID: String?

    public init(filename: String, contentType: String, data: [UInt8], contentID: String? = nil) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
        self.contentID = contentID
    }
}
