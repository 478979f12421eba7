import Foundation

/// A CA and ECDSA P-256 / RSA-2048 leaves for localhost, made with the `openssl` CLI in a temp directory.
struct BenchmarkPKI {
    let directory: String

    init() throws {
        self.directory = NSTemporaryDirectory() + "mailgate-tls-bench-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: self.directory, withIntermediateDirectories: true)
        let ext = "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
        try ext.write(toFile: self.path("leaf.ext"), atomically: true, encoding: .utf8)
        try self.openssl(["genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "ca.key"])
        try self.openssl(["req", "-x509", "-new", "-key", "ca.key", "-subj", "/CN=Bench CA", "-days", "2", "-out", "ca.pem"])
        for (name, algorithm) in [("ecdsa", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]),
                                  ("rsa", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"])] {
            try self.openssl(["genpkey"] + algorithm + ["-out", "\(name).key"])
            try self.openssl(["req", "-new", "-key", "\(name).key", "-subj", "/CN=localhost", "-out", "\(name).csr"])
            try self.openssl([
                "x509", "-req", "-in", "\(name).csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-set_serial", "7",
                "-days", "2", "-extfile", "leaf.ext", "-out", "\(name).pem",
            ])
        }
    }

    func path(_ name: String) -> String { self.directory + "/" + name }

    private func openssl(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: self.directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkFailure("openssl \(arguments.joined(separator: " ")) failed")
        }
    }
}
