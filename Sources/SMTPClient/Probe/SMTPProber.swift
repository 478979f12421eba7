import Logging
import MailModel
import NIOCore
import NIOPosix
import SMTPProtocol
import TLS

/// The I/O of `mailgate probe`: connects to each port of a smarthost the way the relay would and records what it
/// saw as `SMTPProbeObservation`s. It judges nothing (`SMTPProbeAssessment` does).
public struct SMTPProber: Sendable {
    public var host: String
    public var caFile: String?
    public var username: String?
    public var password: String?
    public var timeout: Duration
    public var heloName: String

    public init(host: String, caFile: String?, username: String?, password: String?, timeout: Duration, heloName: String) {
        self.host = host
        self.caFile = caFile
        self.username = username
        self.password = password
        self.timeout = timeout
        self.heloName = heloName
    }

    /// Probes the ports one after the other (a probe is a diagnosis, not a load test).
    public func probe(
        ports: [(port: Int, tls: SMTPProbeObservation.TLSKind)], group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "mailgate.probe")
    ) async throws(TLSError) -> [SMTPProbeObservation] {
        let roots: TLSTrustRoots = self.caFile.map { .file($0) } ?? .system
        let verifying = try TLSContext(configuration: .client(trustRoots: roots))
        // Only to describe a server whose certificate failed verification; nothing is sent over it but EHLO.
        let unverified = try TLSContext(configuration: .client(trustRoots: roots, peerVerification: .insecureNoVerification))
        var observations: [SMTPProbeObservation] = []
        for (port, tls) in ports {
            observations.append(await self.probe(port: port, tls: tls, verifying: verifying, unverified: unverified, group: group, logger: logger))
        }
        return observations
    }

    func probe(port: Int, tls: SMTPProbeObservation.TLSKind, verifying: TLSContext, unverified: TLSContext, group: any EventLoopGroup, logger: Logger) async -> SMTPProbeObservation {
        var observation = SMTPProbeObservation(port: port, tlsKind: tls)
        let clock = ContinuousClock()
        let started = clock.now
        do {
            let channel = try await ClientBootstrap(group: group).connectTimeout(TimeAmount(self.timeout)).connect(host: self.host, port: port).get()
            observation.connectMilliseconds = Int((clock.now - started) / .milliseconds(1))
            try? await channel.close()
        } catch {
            observation.connectError = "\(error)"
            return observation
        }
        let credentialed = self.username != nil && self.password != nil
        let first = await self.session(port: port, tls: tls, context: verifying, credentials: credentialed, group: group, logger: logger)
        switch first {
        case .success(let seen):
            observation.record(seen)
            observation.verified = true
            observation.auth = credentialed ? .succeeded : .notTried
        case .failure(.tls(.certificateVerificationFailed(let failure))):
            observation.verificationFailure = "\(failure)"
            if case .success(let seen) = await self.session(port: port, tls: tls, context: unverified, credentials: false, group: group, logger: logger) {
                observation.record(seen)
            }
        case .failure(.session(.authenticationFailed(let reply))):
            let enhanced = reply.enhancedCode.map { "\($0) " } ?? ""
            observation.auth = .failed("\(reply.code) \(enhanced)\(reply.lines.joined(separator: " "))")
            if case .success(let seen) = await self.session(port: port, tls: tls, context: verifying, credentials: false, group: group, logger: logger) {
                observation.record(seen)
                observation.verified = true
            }
        case .failure(.session(.authenticationUnavailable)):
            observation.auth = .failed("the server offers no AUTH mechanism this client supports")
            if case .success(let seen) = await self.session(port: port, tls: tls, context: verifying, credentials: false, group: group, logger: logger) {
                observation.record(seen)
                observation.verified = true
            }
        case .failure(let error):
            if case .session(.tlsUnavailable) = error { observation.startTLSOffered = false }
            observation.sessionError = "\(error)"
        }
        return observation
    }

    struct Seen {
        var banner: String?
        var tls: TLSSessionInfo?
        var capabilities: SMTPServerCapabilities
    }

    func session(port: Int, tls: SMTPProbeObservation.TLSKind, context: TLSContext, credentials: Bool, group: any EventLoopGroup, logger: Logger) async -> Result<Seen, SMTPConnectionError> {
        let configuration = SMTPClientConfiguration(
            heloName: self.heloName, tlsMode: tls == .implicit ? .implicit : .startTLS,
            username: credentials ? self.username : nil, password: credentials ? self.password : nil,
            timeouts: SMTPClientTimeouts(connect: self.timeout, greeting: self.timeout, mail: self.timeout, rcpt: self.timeout))
        let upstream = SMTPUpstream(host: self.host, port: port, tlsMode: configuration.tlsMode, caFile: self.caFile)
        do throws(SMTPConnectionError) {
            let connection = try await SMTPClientConnection.connect(to: upstream, configuration: configuration, tlsContext: context, group: group, logger: logger)
            let seen = Seen(banner: await connection.greeting, tls: await connection.tlsSession, capabilities: await connection.capabilities)
            await connection.quit()
            return .success(seen)
        } catch {
            return .failure(error)
        }
    }
}

extension SMTPProbeObservation {
    mutating func record(_ seen: SMTPProber.Seen) {
        self.banner = seen.banner
        self.tls = seen.tls?.parameters
        self.peerCertificateSubject = seen.tls?.peerCertificateSubject
        self.peerCertificateNames = seen.tls?.peerCertificateNames ?? []
        self.peerCertificateNotAfter = seen.tls?.peerCertificateNotAfter
        if self.tlsKind == .startTLS { self.startTLSOffered = seen.tls != nil }
        self.authMechanisms = seen.capabilities.authMechanisms
        self.extensions = seen.capabilities.extensions
    }
}
