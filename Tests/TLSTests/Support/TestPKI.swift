import Foundation
import TLS

/// Test certificates made with the `openssl` CLI in a temporary directory: a CA, an unrelated CA, RSA and
/// ECDSA leaves for localhost/127.0.0.1, an expired leaf, a wrong-host leaf, a leaf from the unrelated CA, an
/// SNI leaf and a client certificate.
final class TestPKI: Sendable {
    static let shared: TestPKI = {
        do {
            return try TestPKI()
        } catch {
            fatalError("cannot create test certificates: \(error)")
        }
    }()

    let directory: URL

    /// Removed at process exit. `nonisolated(unsafe)`: written once while `shared` is initialised (Swift
    /// guarantees that happens once), read only by the atexit handler.
    nonisolated(unsafe) private static var directoryToRemove: String?

    var caFile: String { self.path("ca.pem") }
    var otherCAFile: String { self.path("other-ca.pem") }
    var rsaLeaf: TLSCertifiedKey { self.key("leaf-rsa") }
    var ecdsaLeaf: TLSCertifiedKey { self.key("leaf-ecdsa") }
    var expiredLeaf: TLSCertifiedKey { self.key("expired") }
    var wrongHostLeaf: TLSCertifiedKey { self.key("wrong-host") }
    var otherCALeaf: TLSCertifiedKey { self.key("other-ca-leaf") }
    var sniLeaf: TLSCertifiedKey { self.key("sni") }
    var clientLeaf: TLSCertifiedKey { self.key("client") }

    func path(_ name: String) -> String {
        self.directory.appendingPathComponent(name).path
    }

    func key(_ name: String) -> TLSCertifiedKey {
        TLSCertifiedKey(certificateChain: .file(self.path("\(name).pem")), privateKey: .file(self.path("\(name).key")))
    }

    /// SHA-256 of the DER SubjectPublicKeyInfo, computed with the CLI (independently of the code under test).
    func publicKeyPin(of name: String) throws -> [UInt8] {
        let der = self.path("\(name).spki.der")
        try ExternalCommand.run("openssl", ["pkey", "-in", self.path("\(name).key"), "-pubout", "-outform", "DER", "-out", der])
        let hex = try ExternalCommand.run("openssl", ["dgst", "-sha256", "-r", der]).split(separator: " ")[0]
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes
    }

    private init() throws {
        self.directory = FileManager.default.temporaryDirectory.appendingPathComponent("mailgate-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: self.directory, withIntermediateDirectories: true)
        Self.directoryToRemove = self.directory.path
        atexit {
            if let directory = TestPKI.directoryToRemove {
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
        try self.makeCA("ca", subject: "/CN=Mailgate Test CA", rsa: true)
        try self.makeCA("other-ca", subject: "/CN=Unrelated Test CA", rsa: false)
        let local = "DNS:localhost,IP:127.0.0.1"
        try self.makeLeaf("leaf-rsa", subject: "/CN=localhost/O=Mailgate Tests", sans: local, rsa: true)
        try self.makeLeaf("leaf-ecdsa", subject: "/CN=localhost/O=Mailgate Tests", sans: local, rsa: false)
        try self.makeLeaf("wrong-host", subject: "/CN=wrong.example.test", sans: "DNS:wrong.example.test", rsa: false)
        try self.makeLeaf("other-ca-leaf", subject: "/CN=localhost", sans: local, rsa: false, ca: "other-ca")
        try self.makeLeaf("sni", subject: "/CN=sni.example.test", sans: "DNS:sni.example.test", rsa: false)
        try self.makeLeaf("client", subject: "/CN=client-user", sans: "DNS:client.example.test", rsa: false)
        try self.makeExpiredLeaf("expired", sans: local)
    }

    private func openssl(_ arguments: [String]) throws {
        try ExternalCommand.run("openssl", arguments, directory: self.directory)
    }

    private func makeKey(_ name: String, rsa: Bool) throws {
        if rsa {
            try self.openssl(["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "\(name).key"])
        } else {
            try self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "\(name).key"])
        }
    }

    private func makeCA(_ name: String, subject: String, rsa: Bool) throws {
        try self.makeKey(name, rsa: rsa)
        try self.openssl(["req", "-x509", "-new", "-key", "\(name).key", "-subj", subject, "-days", "30", "-out", "\(name).pem"])
    }

    private func writeExtensions(_ name: String, sans: String) throws -> String {
        let file = "\(name).ext"
        let text = "subjectAltName=\(sans)\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n"
        try text.write(to: self.directory.appendingPathComponent(file), atomically: true, encoding: .utf8)
        return file
    }

    private func makeLeaf(_ name: String, subject: String, sans: String, rsa: Bool, ca: String = "ca") throws {
        try self.makeKey(name, rsa: rsa)
        try self.openssl(["req", "-new", "-key", "\(name).key", "-subj", subject, "-out", "\(name).csr"])
        let extensions = try self.writeExtensions(name, sans: sans)
        try self.openssl([
            "x509", "-req", "-in", "\(name).csr", "-CA", "\(ca).pem", "-CAkey", "\(ca).key", "-set_serial",
            String(UInt32.random(in: 1...UInt32.max)), "-days", "30", "-extfile", extensions, "-out", "\(name).pem",
        ])
    }

    /// `openssl x509` cannot backdate, `openssl ca` can.
    private func makeExpiredLeaf(_ name: String, sans: String) throws {
        try self.makeKey(name, rsa: false)
        try self.openssl(["req", "-new", "-key", "\(name).key", "-subj", "/CN=localhost", "-out", "\(name).csr"])
        let extensions = try self.writeExtensions(name, sans: sans)
        let config = """
            [ ca ]
            default_ca = d
            [ d ]
            database = index.txt
            new_certs_dir = .
            serial = serial
            default_md = sha256
            policy = p
            unique_subject = no
            [ p ]
            commonName = supplied

            """
        try config.write(to: self.directory.appendingPathComponent("ca.cnf"), atomically: true, encoding: .utf8)
        try "".write(to: self.directory.appendingPathComponent("index.txt"), atomically: true, encoding: .utf8)
        try "01\n".write(to: self.directory.appendingPathComponent("serial"), atomically: true, encoding: .utf8)
        try self.openssl([
            "ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", "\(name).csr",
            "-out", "\(name).pem", "-startdate", "20200101000000Z", "-enddate", "20200201000000Z",
            "-extfile", extensions, "-notext",
        ])
    }
}
