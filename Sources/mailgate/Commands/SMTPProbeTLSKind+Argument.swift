import ArgumentParser
import SMTPClient

extension SMTPProbeObservation.TLSKind: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument {
        case "tls", "implicit": self = .implicit
        case "starttls": self = .startTLS
        default: return nil
        }
    }
}
