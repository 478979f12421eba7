import MailModel

extension SMTPProbeAssessment {
    /// The report for people: one block per port, then the recommendation (or why there is none).
    public var text: String {
        var lines: [String] = []
        for verdict in self.ports {
            let seen = verdict.observation
            let tls = seen.tlsKind == .implicit ? "implicit TLS" : "STARTTLS"
            lines.append("\(self.host):\(seen.port) (\(tls)): \(verdict.usable ? "usable" : "NOT usable")")
            if let milliseconds = seen.connectMilliseconds { lines.append("  connect: \(milliseconds) ms") }
            if let error = seen.connectError { lines.append("  connect: failed (\(error))") }
            if let offered = seen.startTLSOffered { lines.append("  STARTTLS offered: \(offered ? "yes" : "no")") }
            if let tls = seen.tls { lines.append("  TLS: \(tls.version), \(tls.cipher)") }
            if let banner = seen.banner { lines.append("  banner: \(banner)") }
            if let subject = seen.peerCertificateSubject { lines.append("  certificate subject: \(subject)") }
            if !seen.peerCertificateNames.isEmpty { lines.append("  certificate names: \(seen.peerCertificateNames.joined(separator: ", "))") }
            if let days = verdict.daysToExpiry { lines.append("  certificate expires in: \(days) days") }
            if seen.connectError == nil && seen.tls != nil || seen.verificationFailure != nil {
                lines.append("  certificate verified (chain and host name): \(seen.verified ? "yes" : "no\(seen.verificationFailure.map { " (\($0))" } ?? "")")")
            }
            if !seen.extensions.isEmpty { lines.append("  EHLO: \(seen.extensions.joined(separator: ", "))") }
            if seen.connectError == nil && seen.tls != nil {
                lines.append("  AUTH mechanisms: \(seen.authMechanisms.isEmpty ? "none" : seen.authMechanisms.joined(separator: " "))")
            }
            switch seen.auth {
            case .notTried: break
            case .succeeded: lines.append("  AUTH: succeeded")
            case .failed(let reason): lines.append("  AUTH: failed (\(reason))")
            }
            if let problem = verdict.problem { lines.append("  problem: \(problem)") }
        }
        if let entry = self.upstreamEntry {
            lines.append("")
            lines.append("Recommended (paste under relay.upstreams):")
            lines.append("  " + entry)
        } else {
            lines.append("")
            lines.append("No usable port: none offered verified TLS\(self.ports.isEmpty ? "" : " (see the problems above)").")
        }
        return lines.joined(separator: "\n")
    }
}
