/// Why a tag list (RFC 6376 §3.2) is not one. Positions count tag specs from 0.
public enum DKIMTagListError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No tag at all.
    case empty
    /// `;;` or a `;` at the start: a tag spec with nothing in it.
    case emptyTag(position: Int)
    /// A tag spec without `=`.
    case missingEquals(position: Int)
    /// A tag name that is not `ALPHA *(ALPHA / DIGIT / "_")`.
    case invalidTagName(String, position: Int)
    /// A control character (other than folding whitespace) in a value.
    case invalidValue(tag: String, byte: UInt8)
    /// The same tag twice.
    case duplicateTag(String)

    public var description: String {
        switch self {
        case .empty: "the tag list is empty"
        case .emptyTag(let position): "tag \(position + 1) of the tag list is empty"
        case .missingEquals(let position): "tag \(position + 1) of the tag list has no \"=\""
        case .invalidTagName(let name, let position): "tag \(position + 1) of the tag list has an invalid name \"\(name)\""
        case .invalidValue(let tag, let byte): "the value of \(tag)= holds the control character 0x\(String(byte, radix: 16))"
        case .duplicateTag(let name): "the tag \(name)= appears twice"
        }
    }
}
