import Foundation
import MailModel
import SMTPClient
import Testing

/// The probe's judgement, from observations alone: which ports are usable, which is recommended, the entry.
@Suite struct SMTPProbeAssessmentTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func verified(_ port: Int, auth: SMTPProbeObservation.AuthResult = .notTried) -> SMTPProbeObservation {
        SMTPProbeObservation(
            port: port, tlsKind: SMTPProbeObservation.defaultTLSKind(port: port), connectMilliseconds: 3,
            tls: TLSParameters(version: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384"), peerCertificateSubject: "CN=smtp.example.net",
            peerCertificateNames: ["DNS:smtp.example.net"], peerCertificateNotAfter: now.addingTimeInterval(30 * 86_400 + 3_600),
            banner: "smtp.example.net ESMTP ready", verified: true, startTLSOffered: port == 465 ? nil : true,
            authMechanisms: ["PLAIN", "LOGIN"], extensions: ["PIPELINING", "STARTTLS", "AUTH PLAIN LOGIN"], auth: auth)
    }

    @Test func implicitTLSIsPreferredOverSubmission() {
        let assessment = SMTPProbeAssessment(
            host: "smtp.example.net", observations: [Self.verified(587), Self.verified(465), Self.verified(25)], credentials: nil, caFile: nil, now: Self.now)
        #expect(assessment.ports.allSatisfy { $0.usable })
        #expect(assessment.recommendedPort == 465)
        #expect(assessment.upstreamEntry == "- { host: smtp.example.net, port: 465, tls: tls }")
    }

    @Test func unverifiedCertificateIsNotUsable() {
        var wrongName = Self.verified(465)
        wrongName.verified = false
        wrongName.verificationFailure = "hostnameMismatch"
        let assessment = SMTPProbeAssessment(host: "smtp.example.net", observations: [wrongName, Self.verified(587)], credentials: nil, caFile: nil, now: Self.now)
        #expect(assessment.ports[0].usable == false)
        #expect(assessment.ports[0].problem == "certificate not verified: hostnameMismatch")
        #expect(assessment.recommendedPort == 587)
        #expect(assessment.upstreamEntry == "- { host: smtp.example.net, port: 587, tls: starttls }")
    }

    @Test func withCredentialsOnlyASuccessfulAuthIsUsableAndTheEntryNamesThePasswordFile() {
        let credentials = SMTPProbeAssessment.Credentials(username: "mailgate", passwordFile: "/run/secrets/relay pass")
        let assessment = SMTPProbeAssessment(
            host: "smtp.example.net",
            observations: [Self.verified(465, auth: .failed("535 5.7.8 bad credentials")), Self.verified(587, auth: .succeeded), Self.verified(2525)],
            credentials: credentials, caFile: "/etc/ca.pem", now: Self.now)
        #expect(assessment.ports.map(\.usable) == [false, true, false])
        #expect(assessment.ports[0].problem == "AUTH failed: 535 5.7.8 bad credentials")
        #expect(assessment.ports[2].problem == "AUTH not tried")
        #expect(assessment.upstreamEntry
            == "- { host: smtp.example.net, port: 587, tls: starttls, ca_file: /etc/ca.pem, username: mailgate, password_file: \"/run/secrets/relay pass\" }")
    }

    @Test func unreachableAndPlaintextOnlyPortsLeaveNoRecommendation() {
        let unreachable = SMTPProbeObservation(port: 465, tlsKind: .implicit, connectError: "connection refused")
        let noStartTLS = SMTPProbeObservation(
            port: 25, tlsKind: .startTLS, connectMilliseconds: 1, startTLSOffered: false, sessionError: "session failed: tlsUnavailable")
        let assessment = SMTPProbeAssessment(host: "mx.example.net", observations: [unreachable, noStartTLS], credentials: nil, caFile: nil, now: Self.now)
        #expect(assessment.recommendedPort == nil && assessment.upstreamEntry == nil)
        #expect(assessment.ports[0].problem == "not reachable: connection refused")
        #expect(assessment.ports[1].problem == "session failed: tlsUnavailable")
        #expect(assessment.text.contains("No usable port"))
    }

    @Test func textNeverNeedsThePasswordAndShowsTheEntry() {
        let assessment = SMTPProbeAssessment(
            host: "smtp.example.net", observations: [Self.verified(587, auth: .succeeded)],
            credentials: .init(username: "u", passwordFile: "/p"), caFile: nil, now: Self.now)
        #expect(assessment.text.contains("smtp.example.net:587 (STARTTLS): usable"))
        #expect(assessment.text.contains("TLS: TLSv1.3, TLS_AES_256_GCM_SHA384"))
        #expect(assessment.text.contains("AUTH: succeeded"))
        #expect(assessment.text.contains("banner: smtp.example.net ESMTP ready"))
        #expect(assessment.text.contains("certificate names: DNS:smtp.example.net"))
        #expect(assessment.text.contains("certificate expires in: 30 days"))
        #expect(assessment.text.contains("EHLO: PIPELINING, STARTTLS, AUTH PLAIN LOGIN"))
        #expect(assessment.ports[0].daysToExpiry == 30)
        #expect(assessment.text.hasSuffix("  - { host: smtp.example.net, port: 587, tls: starttls, username: u, password_file: /p }"))
    }
}
