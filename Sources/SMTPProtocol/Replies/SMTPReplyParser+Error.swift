extension SMTPReplyParser {
    public enum Error: Swift.Error, Hashable, Sendable {
        case malformedLine
        case inconsistentCode
        case lineTooLong
        case tooManyLines
    }
}
