/// An attachment whose fields passed `DraftValidator`: the filename trimmed, the content type parsed, the
/// content id without angle brackets.
struct CheckedAttachment {
    var filename: String
    var contentType: AttachmentContentType
    var data: [UInt8]
    var contentID: String?
}
