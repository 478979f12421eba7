/// A header value with parameters, as Content-Type and Content-Disposition have: `value; name=value; ...`.
/// Parameter names are lowercased; values are fully decoded (RFC 2231 continuations and charsets, and the
/// common non-standard forms: encoded words inside quotes, unquoted values with blanks, raw UTF-8).
public struct ParameterizedValue: Sendable, Equatable {
    public var value: String
    public var parameters: [String: String]

    public init(value: String, parameters: [String: String]) {
        self.value = value
        self.parameters = parameters
    }

    public subscript(parameter name: String) -> String? { parameters[name.lowercased()] }
}
