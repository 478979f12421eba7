import ArgumentParser
import Foundation
import Gateway

struct DKIMKeygenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dkim-keygen",
        abstract: "Make a DKIM key: write the private key and print the DNS TXT record and the dkim: entry.",
        discussion: """
            Example: mailgate dkim-keygen --domain example.com --selector mg1 --out /etc/mailgate/dkim-mg1.pem
            The key file is written with mode 0600 and never overwritten; without --out the PEM goes to standard output.
            """)

    @Option(help: "The signing domain (d=): mail whose From: is this domain or a subdomain of it is signed.")
    var domain: String

    @Option(help: "The selector (s=): the key is published at SELECTOR._domainkey.DOMAIN.")
    var selector: String

    @Option(help: "rsa-sha256 or ed25519-sha256.")
    var algorithm: String = "rsa-sha256"

    @Option(help: "RSA key size in bits (at least 1024; 2048 recommended). Ignored for ed25519-sha256.")
    var bits: Int = 2048

    @Option(help: "Where to write the private key PEM (mode 0600; an existing file is not overwritten).")
    var out: String?

    func validate() throws {
        guard DKIMKeyRecord.algorithmNames.contains(algorithm) else {
            throw ValidationError("--algorithm must be one of: \(DKIMKeyRecord.algorithmNames.joined(separator: ", "))")
        }
        guard bits >= 1024, bits <= 8192 else { throw ValidationError("--bits must be between 1024 and 8192") }
    }

    func run() throws {
        let record: DKIMKeyRecord
        do {
            record = try DKIMKeyRecord.generate(domain: domain, selector: selector, algorithmName: algorithm, rsaBits: bits)
        } catch {
            throw ValidationError("\(error)")
        }
        if let out {
            try write(record.privateKeyPEM, to: out)
            print("wrote the private key to \(out)")
        } else {
            print(record.privateKeyPEM, terminator: "")
        }
        print("")
        print("DNS TXT record:")
        print("\(record.recordName)  \(record.quotedTXT)")
        print("")
        print("configuration:")
        print(record.configSnippet(keyFile: out ?? "/path/to/\(selector).\(record.domain).pem"))
    }

    /// O_EXCL: an existing key (perhaps the one in DNS) is never replaced by accident; 0600 from the start, so
    /// the key is never readable by others, not even briefly.
    private func write(_ pem: String, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            throw ValidationError("cannot create \(path): \(reason)")
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(pem.utf8))
    }
}
