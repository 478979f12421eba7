import DKIM

/// A new DKIM key and what to publish for it (`mailgate dkim-keygen`): the private key PEM for `key_file`, the
/// TXT record at `<selector>._domainkey.<domain>`, and the `dkim:` entry that uses the key.
public struct DKIMKeyRecord: Sendable {
    /// A DNS TXT record is a list of strings of at most 255 octets each; an RSA 2048 key's record is longer.
    static let maximumStringLength = 255

    public var domain: String
    public var selector: String
    public var algorithm: DKIMAlgorithm
    public var privateKeyPEM: String
    /// `v=DKIM1; k=…; p=…`, unsplit.
    public var txtValue: String

    /// The `algorithm` values, as the configuration spells them.
    public static let algorithmNames = DKIMAlgorithm.allCases.map(\.rawValue)

    /// Generates the key (`algorithmName` one of `algorithmNames`). The domain and selector are checked as the
    /// signer checks them, so a record is never printed for a name the configuration would refuse.
    public static func generate(domain: String, selector: String, algorithmName: String, rsaBits: Int) throws(DKIMError) -> DKIMKeyRecord {
        guard let algorithm = DKIMAlgorithm(rawValue: algorithmName) else { throw .invalidName(algorithmName) }
        let generated = try DKIMKeyGenerator.generate(algorithm: algorithm, rsaBits: rsaBits)
        let signer = try DKIMSigner(domain: domain, selector: selector, privateKeyPEM: generated.privateKeyPEM, algorithm: algorithm)
        return DKIMKeyRecord(domain: signer.domain, selector: selector, algorithm: algorithm,
                             privateKeyPEM: generated.privateKeyPEM, txtValue: generated.dnsTXT)
    }

    public var recordName: String { "\(selector)._domainkey.\(domain)" }

    /// The value as zone files write it: quoted strings of at most 255 characters, separated by spaces.
    public var quotedTXT: String {
        Self.split(txtValue).map { "\"\($0)\"" }.joined(separator: " ")
    }

    static func split(_ value: String) -> [String] {
        var pieces: [String] = []
        var rest = Substring(value)
        repeat {
            pieces.append(String(rest.prefix(maximumStringLength)))
            rest = rest.dropFirst(maximumStringLength)
        } while !rest.isEmpty
        return pieces
    }

    /// The `dkim:` entry for the configuration file.
    public func configSnippet(keyFile: String) -> String {
        """
        dkim:
          - domain: \(domain)
            selector: \(selector)
            key_file: \(keyFile)
            algorithm: \(algorithm.rawValue)
        """
    }
}
