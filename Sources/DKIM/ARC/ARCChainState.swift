/// The ARC sets of a message (RFC 8617 §4), read when the header is complete: where each instance's three fields
/// are, the seals, and the newest ARC-Message-Signature with the body hash it needs while the body streams.
struct ARCChainState {
    struct Set {
        var results: Int?
        var messageSignature: Int?
        var seal: Int?
    }

    /// Field positions per instance, 1 to `instances`; empty when the message has no ARC fields.
    private(set) var sets: [Int: Set] = [:]
    private(set) var instances = 0
    /// Why the sets are not a chain, when they are not.
    private(set) var structureError: String?
    private(set) var seals: [Int: ARCSeal] = [:]
    /// The newest ARC-Message-Signature, or why it cannot be read.
    private(set) var newest: Result<DKIMSignature, DKIMSignatureError>?
    private(set) var bodyHash: DKIMBodyHash?

    init(fields: [HeaderField]) {
        for (index, field) in fields.enumerated() {
            let name = field.name
            guard name == "arc-authentication-results" || name == "arc-message-signature" || name == "arc-seal" else { continue }
            let value = field.bytes[(field.bytes.firstIndex(of: UInt8(ascii: ":"))! + 1)...]
            guard let instance = Self.instance(of: value, resultsField: name == "arc-authentication-results") else {
                structureError = structureError ?? "a \(name) field without a valid i="
                continue
            }
            var set = sets[instance] ?? Set()
            let duplicate: Bool
            switch name {
            case "arc-authentication-results":
                duplicate = set.results != nil
                set.results = index
            case "arc-message-signature":
                duplicate = set.messageSignature != nil
                set.messageSignature = index
            default:
                duplicate = set.seal != nil
                set.seal = index
            }
            if duplicate { structureError = structureError ?? "two \(name) fields with i=\(instance)" }
            sets[instance] = set
        }
        guard !sets.isEmpty else { return }
        instances = sets.keys.max() ?? 0
        for instance in 1...instances {
            guard let set = sets[instance], set.results != nil, set.messageSignature != nil, let sealIndex = set.seal else {
                structureError = structureError ?? "the set i=\(instance) is incomplete"
                continue
            }
            do {
                let seal = try ARCSeal(try DKIMTagList(parsing: Self.value(of: fields[sealIndex])))
                seals[instance] = seal
            } catch let error as ARCFailure {
                structureError = structureError ?? error.description
            } catch {
                structureError = structureError ?? "an ARC-Seal is not a tag list: \(error)"
            }
        }
        guard structureError == nil, let newestIndex = sets[instances]?.messageSignature else { return }
        do {
            let signature = try DKIMSignature(try DKIMTagList(parsing: Self.value(of: fields[newestIndex])), arcMessageSignature: true)
            newest = .success(signature)
            bodyHash = DKIMBodyHash(canonicalization: signature.bodyCanonicalization, limit: signature.bodyLength)
        } catch let error as DKIMSignatureError {
            newest = .failure(error)
        } catch {
            newest = .failure(.tagList(error as? DKIMTagListError ?? .empty))
        }
    }

    /// The newest ARC-Message-Signature, when it could be read (its body canonicalization must be started).
    var newestMessageSignature: DKIMSignature? {
        if case .success(let signature) = newest { return signature }
        return nil
    }

    /// The keys the chain needs: the newest message signature's and every seal's.
    var keyNames: [String] {
        guard structureError == nil else { return [] }
        return seals.values.map(\.keyName) + (newestMessageSignature.map { [$0.keyName] } ?? [])
    }

    static func value(of field: HeaderField) -> ArraySlice<UInt8> {
        field.bytes[(field.bytes.firstIndex(of: UInt8(ascii: ":"))! + 1)...]
    }

    /// `i=` of an ARC field: a tag of the tag list for the signature and the seal; for ARC-Authentication-Results
    /// the value's first item (`i=N;` then the results, which are no tag list).
    private static func instance(of value: ArraySlice<UInt8>, resultsField: Bool) -> Int? {
        if resultsField {
            guard let semicolon = value.firstIndex(of: UInt8(ascii: ";")),
                let tag = try? DKIMTagList(parsing: value[..<semicolon]), tag.tags.count == 1, let number = tag["i"]
            else { return nil }
            return try? DKIMSignature.instance(number)
        }
        guard let tags = try? DKIMTagList(parsing: value), let number = tags["i"] else { return nil }
        return try? DKIMSignature.instance(number)
    }
}
