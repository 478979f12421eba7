/// An ARC-Seal's tags (RFC 8617 §4.1.3): what seals the chain up to its instance. No `h=` (the fields it signs are
/// fixed) and no body hash; relaxed header canonicalization always.
struct ARCSeal {
    enum ChainValidation: String {
        case none
        case pass
        case fail
    }

    var algorithm: DKIMAlgorithm
    var signature: [UInt8]
    var domain: String
    var selector: String
    var instance: Int
    var chainValidation: ChainValidation

    var keyName: String { "\(selector)._domainkey.\(domain)" }

    init(_ tags: DKIMTagList) throws(ARCFailure) {
        func required(_ name: String) throws(ARCFailure) -> String {
            guard let value = tags[name] else { throw .structure("an ARC-Seal has no \(name)= tag") }
            return value
        }
        guard tags["h"] == nil else { throw .structure("an ARC-Seal has an h= tag") }
        let algorithmName = try required("a")
        guard let algorithm = DKIMAlgorithm(rawValue: algorithmName.lowercased()) else { throw .structure("an ARC-Seal's algorithm a=\(algorithmName) is not supported") }
        self.algorithm = algorithm
        guard let signature = DKIMBase64.decode(try required("b")), !signature.isEmpty else { throw .structure("an ARC-Seal's b= is not base64") }
        self.signature = signature
        domain = try required("d").lowercased()
        selector = try required("s").lowercased()
        guard DKIMSigner.isDNSName(domain), DKIMSigner.isDNSName(selector) else { throw .structure("an ARC-Seal's d= or s= is not a DNS name") }
        do {
            instance = try DKIMSignature.instance(try required("i"))
        } catch {
            throw .structure("an ARC-Seal's i= is not an instance from 1 to 50")
        }
        let cv = try required("cv")
        guard let chainValidation = ChainValidation(rawValue: cv.lowercased()) else { throw .structure("an ARC-Seal's cv=\(cv) is not none, pass or fail") }
        self.chainValidation = chainValidation
    }
}
