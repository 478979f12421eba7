import Foundation

/// A CA and two leaves made with the `openssl` CLI: one for localhost/127.0.0.1, one for another name.
public struct TestCertificates {
    public struct OpenSSLFailed: Error, CustomStringConvertible {
        public var description: String
    }

    public let directory: TemporaryDirectory
    public var caFile: String { self.directory.path + "/ca.pem" }
    public var leaf: (certificate: String, key: String) { (self.directory.path + "/leaf.pem", self.directory.path + "/leaf.key") }
    public var wrongHost: (certificate: String, key: String) { (self.directory.path + "/wrong.pem", self.directory.path + "/wrong.key") }

    public static func make(in directory: TemporaryDirectory) async throws -> TestCertificates {
        let certificates = TestCertificates(directory: directory)
        let path = directory.path
        try await certificates.openssl([
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "\(path)/ca.key",
            "-out", "\(path)/ca.pem", "-days", "2", "-subj", "/CN=Mailgate SMTPClient Test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try await certificates.leaf("leaf", subject: "/CN=localhost", sans: "DNS:localhost,IP:127.0.0.1")
        try await certificates.leaf("wrong", subject: "/CN=wrong.example.test", sans: "DNS:wrong.example.test")
        return certificates
    }

    private func leaf(_ name: String, subject: String, sans: String) async throws {
        let path = self.directory.path
        try self.directory.write(
            "\(name).ext", "subjectAltName=\(sans)\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n")
        try await self.openssl([
            "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "\(path)/\(name).key",
            "-out", "\(path)/\(name).csr", "-subj", subject,
        ])
        try await self.openssl([
            "x509", "-req", "-in", "\(path)/\(name).csr", "-CA", "\(path)/ca.pem", "-CAkey", "\(path)/ca.key",
            "-CAcreateserial", "-out", "\(path)/\(name).pem", "-days", "2", "-extfile", "\(path)/\(name).ext",
        ])
    }

    private func openssl(_ arguments: [String]) async throws {
        let result = try await ExternalTool.run("openssl", arguments)
        guard result.status == 0 else { throw OpenSSLFailed(description: "openssl \(arguments[0]): \(result.output)") }
    }
}
