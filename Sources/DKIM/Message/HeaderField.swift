/// One field of a message header, as signed and verified.
struct HeaderField {
    /// Lowercased, blanks before the colon removed.
    var name: String
    /// The field as written, folding included, without the final CRLF.
    var bytes: ArraySlice<UInt8>
}
