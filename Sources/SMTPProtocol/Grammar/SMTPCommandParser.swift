import NIOCore

/// Parses one command line (without its CRLF) into an ``SMTPCommand``.
///
/// The grammar is RFC 5321 with its ESMTP extensions; deviations are deliberate and listed where they
/// happen (a space after `FROM:`, trailing spaces, lower-case xtext hex).
public enum SMTPCommandParser {
    public static func parse(_ line: ByteBuffer) -> Result<SMTPCommand, SMTPCommandError> {
        Self.parse(Array(line.readableBytesView))
    }

    public static func parse(_ line: [UInt8]) -> Result<SMTPCommand, SMTPCommandError> {
        var cursor = GrammarCursor(line)
        let verb = String(decoding: cursor.consume(while: ASCII.isAlpha), as: UTF8.self).uppercased()
        guard cursor.isAtEnd || cursor.peek == UInt8(ascii: " ") else { return .failure(.unrecognizedCommand) }
        switch verb {
        case "EHLO": return Self.greeting(&cursor, usage: "EHLO hostname").map(SMTPCommand.ehlo)
        case "HELO": return Self.greeting(&cursor, usage: "HELO hostname").map(SMTPCommand.helo)
        case "MAIL": return Self.mail(&cursor)
        case "RCPT": return Self.rcpt(&cursor)
        case "DATA": return Self.noArguments(&cursor, .data, usage: "DATA")
        case "BDAT": return Self.bdat(&cursor)
        case "RSET": return Self.noArguments(&cursor, .rset, usage: "RSET")
        case "QUIT": return Self.noArguments(&cursor, .quit, usage: "QUIT")
        case "STARTTLS": return Self.noArguments(&cursor, .startTLS, usage: "STARTTLS")
        case "NOOP":
            // RFC 5321 4.1.1.9: the argument is to be ignored.
            return .success(.noop)
        case "VRFY":
            guard let argument = Self.text(&cursor), !argument.isEmpty else { return .failure(.syntax(usage: "VRFY address")) }
            return .success(.vrfy(argument))
        case "HELP":
            guard let topic = Self.text(&cursor) else { return .failure(.syntax(usage: "HELP [topic]")) }
            return .success(.help(topic.isEmpty ? nil : topic))
        case "AUTH": return Self.auth(&cursor)
        default: return .failure(.unrecognizedCommand)
        }
    }

    private static func skipSpaces(_ cursor: inout GrammarCursor) -> Bool {
        !cursor.consume(while: { $0 == UInt8(ascii: " ") }).isEmpty
    }

    private static func noArguments(_ cursor: inout GrammarCursor, _ command: SMTPCommand, usage: String)
        -> Result<SMTPCommand, SMTPCommandError>
    {
        _ = Self.skipSpaces(&cursor)
        return cursor.isAtEnd ? .success(command) : .failure(.syntax(usage: usage))
    }

    /// Free text after a space; nil if it holds controls or is not UTF-8.
    private static func text(_ cursor: inout GrammarCursor) -> String? {
        _ = Self.skipSpaces(&cursor)
        let rest = cursor.remaining
        guard rest.allSatisfy(ASCII.isPrintableText) else { return nil }
        cursor.index = cursor.bytes.count
        return String(validating: rest, as: UTF8.self).map { String($0.reversed().drop(while: { $0 == " " }).reversed()) }
    }

    /// EHLO/HELO take one token; its form is not checked further, as clients behind NAT routinely send
    /// names that are not theirs and nothing in Mailgate depends on it.
    private static func greeting(_ cursor: inout GrammarCursor, usage: String) -> Result<String, SMTPCommandError> {
        guard Self.skipSpaces(&cursor) else { return .failure(.syntax(usage: usage)) }
        let token = cursor.consume(while: { ASCII.isPrintableText($0) && $0 != UInt8(ascii: " ") })
        _ = Self.skipSpaces(&cursor)
        guard !token.isEmpty, cursor.isAtEnd, let name = String(validating: token, as: UTF8.self) else {
            return .failure(.syntax(usage: usage))
        }
        return .success(name)
    }

    private static func mail(_ cursor: inout GrammarCursor) -> Result<SMTPCommand, SMTPCommandError> {
        guard cursor.consume(UInt8(ascii: " ")), cursor.consumeCaseInsensitive("FROM:") else {
            return .failure(.syntax(usage: "MAIL FROM:<address>"))
        }
        _ = cursor.consume(UInt8(ascii: " "))  // "MAIL FROM: <a@b>" is common enough to accept.
        guard let path = SMTPPathGrammar.reversePath(&cursor) else { return .failure(.invalidSender) }
        let parameters: [(String, ArraySlice<UInt8>?)]
        switch Self.esmtpParameters(&cursor) {
        case .success(let list): parameters = list
        case .failure(let error): return .failure(error)
        }
        var result = SMTPMailParameters()
        var seen = Set<String>()
        for (keyword, value) in parameters {
            guard seen.insert(keyword).inserted else { return .failure(.duplicateParameter(keyword)) }
            switch keyword {
            case "SIZE":
                guard let value, let size = Self.number(value) else { return .failure(.invalidParameter(keyword)) }
                result.size = size
            case "BODY":
                guard let value, let body = SMTPBodyType(rawValue: String(decoding: value, as: UTF8.self).uppercased())
                else { return .failure(.invalidParameter(keyword)) }
                result.body = body
            case "SMTPUTF8":
                guard value == nil else { return .failure(.invalidParameter(keyword)) }
                result.smtpUTF8 = true
            case "RET":
                guard let value, let ret = SMTPDSNReturn(rawValue: String(decoding: value, as: UTF8.self).uppercased())
                else { return .failure(.invalidParameter(keyword)) }
                result.ret = ret
            case "ENVID":
                // RFC 3461 4.4: at most 100 characters.
                guard let value, value.count <= 100, let decoded = XText.decode(value),
                    let envelopeID = String(validating: decoded, as: UTF8.self)
                else { return .failure(.invalidParameter(keyword)) }
                result.envelopeID = envelopeID
            case "AUTH":
                guard let value else { return .failure(.invalidParameter(keyword)) }
                if value.elementsEqual("<>".utf8) {
                    result.auth = "<>"
                } else {
                    guard let decoded = XText.decode(value), let auth = String(validating: decoded, as: UTF8.self) else {
                        return .failure(.invalidParameter(keyword))
                    }
                    result.auth = auth
                }
            default:
                return .failure(.unsupportedParameter(keyword))
            }
        }
        if let mailbox = path.mailbox, !mailbox.isASCII, !result.smtpUTF8 {
            return .failure(.nonASCIIWithoutSMTPUTF8)
        }
        return .success(.mail(path, result))
    }

    private static func rcpt(_ cursor: inout GrammarCursor) -> Result<SMTPCommand, SMTPCommandError> {
        guard cursor.consume(UInt8(ascii: " ")), cursor.consumeCaseInsensitive("TO:") else {
            return .failure(.syntax(usage: "RCPT TO:<address>"))
        }
        _ = cursor.consume(UInt8(ascii: " "))
        guard let path = SMTPPathGrammar.forwardPath(&cursor) else { return .failure(.invalidRecipient) }
        let parameters: [(String, ArraySlice<UInt8>?)]
        switch Self.esmtpParameters(&cursor) {
        case .success(let list): parameters = list
        case .failure(let error): return .failure(error)
        }
        var result = SMTPRecipientParameters()
        var seen = Set<String>()
        for (keyword, value) in parameters {
            guard seen.insert(keyword).inserted else { return .failure(.duplicateParameter(keyword)) }
            switch keyword {
            case "NOTIFY":
                guard let value, let notify = Self.notify(value) else { return .failure(.invalidParameter(keyword)) }
                result.notify = notify
            case "ORCPT":
                guard let value, let separator = value.firstIndex(of: UInt8(ascii: ";")),
                    case let type = value[value.startIndex..<separator],
                    !type.isEmpty, type.allSatisfy({ ASCII.isAtext($0) && $0 < 0x80 }),
                    let decoded = XText.decode(value[(separator + 1)...]), !decoded.isEmpty,
                    let address = String(validating: decoded, as: UTF8.self)
                else { return .failure(.invalidParameter(keyword)) }
                result.originalRecipient = SMTPOriginalRecipient(
                    addressType: String(decoding: type, as: UTF8.self), address: address)
            default:
                return .failure(.unsupportedParameter(keyword))
            }
        }
        return .success(.rcpt(path, result))
    }

    private static func notify(_ value: ArraySlice<UInt8>) -> SMTPDSNNotify? {
        let names = String(decoding: value, as: UTF8.self).uppercased().split(separator: ",", omittingEmptySubsequences: false)
        if names == ["NEVER"] { return .never }
        var notify = SMTPDSNNotify()
        for name in names {
            let flag: SMTPDSNNotify
            switch name {
            case "SUCCESS": flag = .success
            case "FAILURE": flag = .failure
            case "DELAY": flag = .delay
            default: return nil
            }
            guard notify.insert(flag).inserted else { return nil }
        }
        return notify
    }

    /// `*(SP esmtp-keyword ["=" esmtp-value])`, keywords upper-cased.
    private static func esmtpParameters(_ cursor: inout GrammarCursor)
        -> Result<[(String, ArraySlice<UInt8>?)], SMTPCommandError>
    {
        var parameters: [(String, ArraySlice<UInt8>?)] = []
        while true {
            let hadSpace = Self.skipSpaces(&cursor)
            if cursor.isAtEnd { return .success(parameters) }
            guard hadSpace, let first = cursor.peek, ASCII.isAlphaNumeric(first) else {
                return .failure(.syntax(usage: "ESMTP parameters are keyword[=value] separated by spaces"))
            }
            let keyword = String(decoding: cursor.consume(while: ASCII.isKeywordCharacter), as: UTF8.self).uppercased()
            var value: ArraySlice<UInt8>? = nil
            if cursor.consume(UInt8(ascii: "=")) {
                let text = cursor.consume(while: ASCII.isEsmtpValueCharacter)
                guard !text.isEmpty else { return .failure(.invalidParameter(keyword)) }
                value = text
            }
            guard cursor.isAtEnd || cursor.peek == UInt8(ascii: " ") else { return .failure(.invalidParameter(keyword)) }
            parameters.append((keyword, value))
        }
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard !digits.isEmpty, digits.count <= 20, digits.allSatisfy(ASCII.isDigit) else { return nil }
        return UInt64(String(decoding: digits, as: UTF8.self))
    }

    private static func bdat(_ cursor: inout GrammarCursor) -> Result<SMTPCommand, SMTPCommandError> {
        guard cursor.consume(UInt8(ascii: " ")), let size = Self.number(cursor.consume(while: ASCII.isDigit)) else {
            return .failure(.invalidChunkSize)
        }
        var last = false
        if cursor.consume(UInt8(ascii: " ")) {
            guard cursor.consumeCaseInsensitive("LAST") else { return .failure(.invalidChunkSize) }
            last = true
        }
        _ = Self.skipSpaces(&cursor)
        guard cursor.isAtEnd else { return .failure(.invalidChunkSize) }
        return .success(.bdat(size: size, last: last))
    }

    private static func auth(_ cursor: inout GrammarCursor) -> Result<SMTPCommand, SMTPCommandError> {
        let usage = "AUTH mechanism [initial-response]"
        guard cursor.consume(UInt8(ascii: " ")) else { return .failure(.syntax(usage: usage)) }
        let name = cursor.consume(while: { ASCII.isKeywordCharacter($0) || $0 == UInt8(ascii: "_") })
        guard !name.isEmpty, name.count <= 20 else { return .failure(.syntax(usage: usage)) }
        let mechanism = SMTPAuthMechanism(name: String(decoding: name, as: UTF8.self))
        guard Self.skipSpaces(&cursor), !cursor.isAtEnd else {
            return cursor.isAtEnd ? .success(.auth(mechanism, initialResponse: nil)) : .failure(.syntax(usage: usage))
        }
        let response = cursor.consume(while: SASLBase64.isBase64Text)
        _ = Self.skipSpaces(&cursor)
        guard !response.isEmpty, cursor.isAtEnd else { return .failure(.syntax(usage: usage)) }
        return .success(.auth(mechanism, initialResponse: String(decoding: response, as: UTF8.self)))
    }
}
