import ArgumentParser

extension ExitCode {
    /// sysexits(3) EX_CONFIG: the configuration is wrong; restarting will not help.
    static let configurationError = ExitCode(78)
}
