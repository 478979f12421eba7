import Foundation

/// Verifies every `DKIM-Signature` of one message (RFC 6376 §6, RFC 8463) while the message streams in: the header
/// is held until the empty line, then the body passes once through one canonicalizer per algorithm in use, each
/// feeding the body hashes of the signatures that use it (each with its own `l=`). Nothing of the body is kept.
/// Keys are asked for only at the end, through `DKIMKeyLookup`, the one suspension point; the rest is pure.
///
/// ```swift
/// var verification = DKIMVerification()
/// for chunk in spooledChunks { verification.append(chunk) }
/// let results = await verification.results(keys: resolver, now: Date())
/// ```
public struct DKIMVerification {
    private struct Entry {
        /// The signature field's position among the header fields.
        var fieldIndex: Int
        var tags: DKIMTagList?
        var signature: Result<DKIMSignature, DKIMVerificationFailure>
        var bodyHash: DKIMBodyHash?
    }

    private enum Phase {
        case header
        case body
        case headerTooLarge
    }

    public let limits: DKIMVerificationLimits
    private let keyCache: DKIMKeyCache?
    private var phase = Phase.header
    private var header: [UInt8] = []
    /// Where the search for the empty line resumes: no byte of the header is looked at twice.
    private var scanFrom = 0
    private var fields: [HeaderField] = []
    private var entries: [Entry] = []
    private var simple: BodyCanonicalizer?
    private var relaxed: BodyCanonicalizer?
    private var scratch: [UInt8] = []
    /// Whether ARC sets are validated too (`authenticate`), and what was found of them.
    private let verifiesARC: Bool
    private var arc: ARCChainState?

    /// `keyCache`: keys loaded by earlier verifications (share one per process); without it each verification
    /// loads its keys again.
    /// `verifiesARC`: validate the ARC chain as well (RFC 8617), for `authenticate`.
    public init(limits: DKIMVerificationLimits = DKIMVerificationLimits(), keyCache: DKIMKeyCache? = nil, verifiesARC: Bool = false) {
        self.limits = limits
        self.keyCache = keyCache
        self.verifiesARC = verifiesARC
    }

    /// The message's next bytes (the header, the body, or both), as the SMTP session spools them (CRLF line ends,
    /// dot-stuffing removed).
    public mutating func append(_ chunk: some Collection<UInt8>) {
        let done: Void? = chunk.withContiguousStorageIfAvailable { append(buffer: $0) }
        if done == nil { Array(chunk).withUnsafeBufferPointer { append(buffer: $0) } }
    }

    public mutating func append(buffer chunk: UnsafeBufferPointer<UInt8>) {
        switch phase {
        case .body:
            feedBody(chunk)
        case .headerTooLarge:
            return
        case .header:
            header.append(contentsOf: chunk)
            if let (headerEnd, bodyStart) = findHeaderEnd() {
                guard headerEnd <= limits.maxHeaderBytes else {
                    phase = .headerTooLarge
                    header = []
                    return
                }
                let body = Array(header[bodyStart...])
                startBody(headerEnd: headerEnd)
                body.withUnsafeBufferPointer { feedBody($0) }
            } else if header.count > limits.maxHeaderBytes {
                phase = .headerTooLarge
                header = []
            }
        }
    }

    /// One result per `DKIM-Signature` field, top to bottom (none when the message is unsigned). `now` decides `x=`.
    public consuming func results(keys: any DKIMKeyLookup, now: Date) async -> [DKIMResult] {
        await authenticate(keys: keys, now: now).signatures
    }

    /// The DKIM results and, when the verification was made with `verifiesARC`, the ARC chain's.
    public consuming func authenticate(keys: any DKIMKeyLookup, now: Date) async -> DKIMAuthentication {
        switch phase {
        case .headerTooLarge:
            let failure = DKIMResult(verdict: .permerror, unsignedBodyOctets: 0, testing: false, failure: .headerTooLarge(limit: limits.maxHeaderBytes))
            return DKIMAuthentication(signatures: [failure], arc: verifiesARC ? ARCResult(verdict: .fail, instances: 0, failure: .structure("the header is too large")) : nil)
        case .header:
            // No empty line: all of it is header, the body is empty (RFC 5322 allows that).
            startBody(headerEnd: header.count - (header.suffix(2).elementsEqual([0x0D, 0x0A]) ? 2 : 0))
        case .body:
            break
        }
        finishBody()

        let fromCount = fields.count { $0.name == "from" }
        let seconds = UInt64(max(0, now.timeIntervalSince1970.rounded(.down)))
        var answers: [String: DKIMKeyAnswer] = [:]
        var names = Set(entries.compactMap { entry -> String? in
            guard case .success(let signature) = entry.signature, fromCount == 1, !Self.isExpired(signature, at: seconds) else { return nil }
            return signature.keyName
        })
        names.formUnion(arc?.keyNames ?? [])
        if names.count == 1, let name = names.first {
            // The usual case, without the cost of a task group.
            answers[name] = await keys.txtRecords(at: name)
        } else {
            await withTaskGroup(of: (String, DKIMKeyAnswer).self) { group in
                for name in names { group.addTask { (name, await keys.txtRecords(at: name)) } }
                for await (name, answer) in group { answers[name] = answer }
            }
        }
        let signatures = entries.map { entry in
            result(of: entry, fromCount: fromCount, now: seconds, answers: answers)
        }
        return DKIMAuthentication(signatures: signatures, arc: arc.map { validate($0, answers: answers) })
    }

    /// A whole message at once.
    public static func results(
        of message: [UInt8], keys: any DKIMKeyLookup, now: Date, limits: DKIMVerificationLimits = DKIMVerificationLimits(), keyCache: DKIMKeyCache? = nil
    ) async -> [DKIMResult] {
        var verification = DKIMVerification(limits: limits, keyCache: keyCache)
        verification.append(message)
        return await verification.results(keys: keys, now: now)
    }

    // MARK: - The stream

    private mutating func findHeaderEnd() -> (headerEnd: Int, bodyStart: Int)? {
        if header.count >= 2, header[0] == 0x0D, header[1] == 0x0A { return (0, 2) }
        var index = max(0, scanFrom)
        while index + 3 < header.count {
            if header[index] == 0x0D, header[index + 1] == 0x0A, header[index + 2] == 0x0D, header[index + 3] == 0x0A {
                return (index, index + 4)
            }
            index += 1
        }
        scanFrom = max(0, header.count - 3)
        return nil
    }

    /// The header is complete: its signatures are read and the body hashes they need are started.
    private mutating func startBody(headerEnd: Int) {
        phase = .body
        fields = MessageHeader.fields(header[..<headerEnd])
        header = []
        for (index, field) in fields.enumerated() where field.name == "dkim-signature" {
            guard entries.count < limits.maxSignatures else {
                entries.append(Entry(fieldIndex: index, tags: nil, signature: .failure(.notEvaluated(limit: limits.maxSignatures))))
                continue
            }
            let value = field.bytes[(field.bytes.firstIndex(of: UInt8(ascii: ":"))! + 1)...]
            do {
                let tags = try DKIMTagList(parsing: value)
                do {
                    let signature = try DKIMSignature(tags)
                    let bodyHash = DKIMBodyHash(canonicalization: signature.bodyCanonicalization, limit: signature.bodyLength)
                    switch signature.bodyCanonicalization {
                    case .simple: simple = simple ?? BodyCanonicalizer(.simple)
                    case .relaxed: relaxed = relaxed ?? BodyCanonicalizer(.relaxed)
                    }
                    entries.append(Entry(fieldIndex: index, tags: tags, signature: .success(signature), bodyHash: bodyHash))
                } catch {
                    entries.append(Entry(fieldIndex: index, tags: tags, signature: .failure(.signature(error))))
                }
            } catch {
                entries.append(Entry(fieldIndex: index, tags: nil, signature: .failure(.signature(.tagList(error)))))
            }
        }
        startARC()
    }

    private mutating func startARC() {
        guard verifiesARC else { return }
        let state = ARCChainState(fields: fields)
        if let messageSignature = state.newestMessageSignature {
            switch messageSignature.bodyCanonicalization {
            case .simple: simple = simple ?? BodyCanonicalizer(.simple)
            case .relaxed: relaxed = relaxed ?? BodyCanonicalizer(.relaxed)
            }
        }
        arc = state
    }

    private mutating func feedBody(_ chunk: UnsafeBufferPointer<UInt8>) {
        if simple != nil {
            scratch.removeAll(keepingCapacity: true)
            simple!.canonicalize(chunk, into: &scratch)
            hash(scratch, .simple)
        }
        if relaxed != nil {
            scratch.removeAll(keepingCapacity: true)
            relaxed!.canonicalize(chunk, into: &scratch)
            hash(scratch, .relaxed)
        }
    }

    private mutating func finishBody() {
        if simple != nil {
            scratch.removeAll(keepingCapacity: true)
            simple!.finish(into: &scratch)
            hash(scratch, .simple)
        }
        if relaxed != nil {
            scratch.removeAll(keepingCapacity: true)
            relaxed!.finish(into: &scratch)
            hash(scratch, .relaxed)
        }
    }

    private func hash(_ canonical: [UInt8], _ canonicalization: DKIMCanonicalization) {
        guard !canonical.isEmpty else { return }
        canonical.withUnsafeBufferPointer { buffer in
            for entry in entries where entry.bodyHash?.canonicalization == canonicalization {
                entry.bodyHash?.update(buffer)
            }
            if let bodyHash = arc?.bodyHash, bodyHash.canonicalization == canonicalization { bodyHash.update(buffer) }
        }
    }

    // MARK: - The verdicts

    private static func isExpired(_ signature: DKIMSignature, at now: UInt64) -> Bool {
        signature.expiration.map { $0 < now } ?? false
    }

    private func result(of entry: Entry, fromCount: Int, now: UInt64, answers: [String: DKIMKeyAnswer]) -> DKIMResult {
        var result = DKIMResult(verdict: .pass, unsignedBodyOctets: 0, testing: false, failure: nil)
        // What the signature names, even when it cannot be verified, so that the report says whose it was.
        result.domain = entry.tags?["d"]?.lowercased()
        result.selector = entry.tags?["s"]
        result.identity = entry.tags?["i"] ?? result.domain.map { "@" + $0 }
        result.algorithm = entry.tags?["a"].flatMap { DKIMAlgorithm(rawValue: $0.lowercased()) }
        if case .success(let signature) = entry.signature, let bodyHash = entry.bodyHash {
            result.bodyLength = signature.bodyLength
            if let limit = signature.bodyLength, bodyHash.canonicalLength > limit {
                result.unsignedBodyOctets = bodyHash.canonicalLength - limit
            }
        }
        do throws(DKIMVerificationFailure) {
            result.testing = try verify(entry, fromCount: fromCount, now: now, answers: answers)
        } catch {
            result.verdict = error.verdict
            result.failure = error
        }
        return result
    }

    /// Throws why the signature does not pass; returns whether the key is in testing mode (`t=y`).
    private func verify(_ entry: Entry, fromCount: Int, now: UInt64, answers: [String: DKIMKeyAnswer]) throws(DKIMVerificationFailure) -> Bool {
        let signature = try entry.signature.get()
        if let expiration = signature.expiration, expiration < now { throw .expired(expiration: expiration, now: now) }
        guard fromCount == 1 else { throw .multipleFrom(fromCount) }

        let (key, record) = try publicKey(
            algorithm: signature.algorithm, keyName: signature.keyName, answers: answers,
            subdomainIdentity: signature.identityDomain == signature.domain ? nil : signature.identity
        )

        try Self.checkBodyHash(entry.bodyHash, of: signature)
        guard key.verify(signature.signature, over: signedHeaderData(signature, fieldIndex: entry.fieldIndex)) else {
            throw .signatureMismatch
        }
        return record.isTesting
    }

    static func checkBodyHash(_ bodyHash: DKIMBodyHash?, of signature: DKIMSignature) throws(DKIMVerificationFailure) {
        guard let bodyHash else { return }
        if let limit = signature.bodyLength, limit > bodyHash.canonicalLength {
            throw .bodyLengthExceedsBody(bodyLength: limit, canonicalBody: bodyHash.canonicalLength)
        }
        guard bodyHash.finish() == signature.bodyHash else { throw .bodyHashMismatch }
    }

    /// The key at `keyName`, checked for use with `algorithm` (RFC 6376 §6.1.2, RFC 8301). `subdomainIdentity`:
    /// the signature's `i=` when its domain is a subdomain of `d=` (refused by keys with `t=s`).
    func publicKey(
        algorithm: DKIMAlgorithm, keyName: String, answers: [String: DKIMKeyAnswer], subdomainIdentity: String?
    ) throws(DKIMVerificationFailure) -> (DKIMPublicKey, DKIMKeyRecord) {
        let record = try Self.keyRecord(answers[keyName], name: keyName)
        guard record.allowsSHA256 else { throw .keyHashNotAllowed(record.hashAlgorithms ?? []) }
        guard record.keyType == algorithm.keyType else { throw .keyTypeMismatch(keyType: record.keyType, algorithm: algorithm) }
        guard record.allowsEmail else { throw .keyNotForEmail(record.serviceTypes) }
        guard !record.isRevoked else { throw .keyRevoked }
        if record.forbidsSubdomains, let subdomainIdentity { throw .subdomainIdentityForbidden(identity: subdomainIdentity) }
        let loaded = keyCache.map { $0.key(record.publicKey, algorithm: algorithm) } ?? DKIMPublicKey(record.publicKey, algorithm: algorithm)
        guard let key = loaded else { throw .unreadablePublicKey }
        if algorithm == .rsaSHA256 {
            guard key.bits >= 1024 else { throw .keyTooSmall(bits: key.bits) }
            guard key.bits <= limits.maxRSAKeyBits else { throw .keyTooLarge(bits: key.bits) }
        }
        return (key, record)
    }

    private static func keyRecord(_ answer: DKIMKeyAnswer?, name: String) throws(DKIMVerificationFailure) -> DKIMKeyRecord {
        switch answer {
        case nil:
            throw .keyLookupFailed(name: name, reason: "not asked")
        case .temporaryFailure(let reason):
            throw .keyLookupFailed(name: name, reason: reason)
        case .nonexistentDomain, .noRecords, .records([]):
            throw .noKey(name: name)
        case .records(let records):
            // Several records: the first usable one is the key (RFC 6376 §6.1.2 leaves the choice to the verifier).
            var firstError: DKIMKeyRecordError?
            for record in records {
                do {
                    return try DKIMKeyRecord(parsing: record)
                } catch {
                    firstError = firstError ?? error
                }
            }
            throw .keyRecord(firstError!)
        }
    }

    func headerField(at index: Int) -> HeaderField { fields[index] }

    /// What `b=` signs (RFC 6376 §3.7): the fields `h=` names, each name taking the next instance from the bottom
    /// (a name listed more often than it occurs takes nothing, RFC 6376 §5.4.2), canonicalized; then the signature
    /// field itself without the value of `b=` and without its final CRLF.
    func signedHeaderData(_ signature: DKIMSignature, fieldIndex: Int) -> [UInt8] {
        // The positions of each name, so that selection is linear in the fields and names however they repeat.
        var positions: [String: [Int]] = [:]
        let wanted = Set(signature.signedHeaders)
        for (index, field) in fields.enumerated() where wanted.contains(field.name) {
            positions[field.name, default: []].append(index)
        }
        let canonicalization = signature.headerCanonicalization
        var data: [UInt8] = []
        for name in signature.signedHeaders {
            guard let index = positions[name]?.popLast() else { continue }
            data += canonicalization.header(fields[index].bytes)
        }
        var own = canonicalization.header(ArraySlice(SignatureFieldBytes.withoutSignature(fields[fieldIndex].bytes)))
        own.removeLast(2)
        return data + own
    }
}
