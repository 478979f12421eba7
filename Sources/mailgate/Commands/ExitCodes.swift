import ArgumentParser

extension ExitCode {
    /// sysexits(3) EX_CONFIG: the configuration is wrong; restarting will not help.
    static let configurationError = ExitCode(78)
}

extension ExitCode {
    /// sysexits(3) EX_DATAERR: the input (a send request) is wrong.
    static let dataError = ExitCode(65)
}

extension ExitCode {
    /// sysexits(3) EX_UNAVAILABLE: `mailgate probe` found no usable port.
    static let unavailable = ExitCode(69)
}
