/// One entry of the OpenSSL thread-local error queue, kept so that a failure carries OpenSSL's own reason.
public struct OpenSSLErrorEntry: Sendable, Hashable, CustomStringConvertible {
    /// The packed OpenSSL error code (`ERR_get_error`).
    public let code: UInt
    /// `ERR_error_string_n` text, e.g. `error:0A000086:SSL routines::certificate verify failed`.
    public let message: String

    public init(code: UInt, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { self.message }
}
