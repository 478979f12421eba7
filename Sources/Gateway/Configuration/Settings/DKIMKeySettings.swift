import DKIM
import Foundation
import Outbound

/// One `dkim:` entry: the key that signs mail from `domain` (and its subdomains without a key of their own).
/// The key file is read and checked while the configuration is read, so a missing, unreadable or wrong-type
/// key refuses the start (and fails `check-config`); the key itself is kept only in memory, in the signer.
public struct DKIMKeySettings: Sendable {
    public var domain: String
    public var selector: String
    public var keyFile: String
    public var algorithm: DKIMAlgorithm
    public var signer: DKIMSigner

    static func read(from reader: inout SettingsReader, index: Int) -> DKIMKeySettings? {
        let key = "dkim.\(index)"
        let domain = reader.optionalString("\(key).domain")
        let selector = reader.optionalString("\(key).selector")
        let keyFile = reader.optionalString("\(key).key_file")
        let algorithm = reader.choice("\(key).algorithm", default: DKIMAlgorithm.rsaSHA256)
        guard let domain, let selector, let keyFile else {
            for (name, value) in [("domain", domain), ("selector", selector), ("key_file", keyFile)] where value == nil {
                reader.report("\(key).\(name)", "a DKIM key needs a \(name)")
            }
            return nil
        }
        reader.checkSecretFile("\(key).key_file", path: keyFile)
        let pem: String
        do {
            pem = try String(contentsOfFile: keyFile, encoding: .utf8)
        } catch {
            reader.report("\(key).key_file", "cannot read the DKIM key \(keyFile) (\(selector)._domainkey.\(domain)): \(SettingsReader.reason(error))")
            return nil
        }
        do {
            let signer = try DKIMSigner(domain: domain, selector: selector, privateKeyPEM: pem, algorithm: algorithm)
            return DKIMKeySettings(domain: signer.domain, selector: selector, keyFile: keyFile, algorithm: algorithm, signer: signer)
        } catch DKIMError.invalidName(let name) {
            reader.report("\(key).\(name == domain ? "domain" : "selector")", "\"\(name)\" is not a DNS name")
            return nil
        } catch {
            reader.report("\(key).key_file", "the DKIM key \(keyFile) (\(selector)._domainkey.\(domain)) is refused: \(error)")
            return nil
        }
    }

    /// Every `dkim:` entry, each domain once (a second key for one domain would never sign); problems name the
    /// entry by its position in the file, not among the valid ones.
    static func readAll(from reader: inout SettingsReader) -> [DKIMKeySettings] {
        var keys: [DKIMKeySettings] = []
        var seen: Set<String> = []
        for index in 0..<reader.itemCount("dkim") {
            guard let key = read(from: &reader, index: index) else { continue }
            guard seen.insert(key.domain).inserted else {
                reader.report("dkim.\(index).domain", "another DKIM key already signs \(key.domain)")
                continue
            }
            keys.append(key)
        }
        return keys
    }

    /// What the outbound side signs with.
    static func signerSet(_ keys: [DKIMKeySettings]) -> DKIMSignerSet {
        DKIMSignerSet(keys.map(\.signer))
    }
}
