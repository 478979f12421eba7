/// ARC chain validation (RFC 8617 §5.2), reusing the DKIM verifier's keys, canonicalization and body hash.
extension DKIMVerification {
    func validate(_ chain: ARCChainState, answers: [String: DKIMKeyAnswer]) -> ARCResult {
        // ARC fields none of which has a usable i= are a broken chain, not an absent one.
        guard chain.instances > 0 || chain.structureError != nil else { return ARCResult(verdict: .none, instances: 0, failure: nil) }
        do throws(ARCFailure) {
            try checkChain(chain, answers: answers)
            return ARCResult(verdict: .pass, instances: chain.instances, failure: nil)
        } catch {
            return ARCResult(verdict: error.isTemporary ? .temperror : .fail, instances: chain.instances, failure: error)
        }
    }

    private func checkChain(_ chain: ARCChainState, answers: [String: DKIMKeyAnswer]) throws(ARCFailure) {
        if let reason = chain.structureError { throw .structure(reason) }
        let newest = chain.instances
        guard chain.instances <= 50 else { throw .structure("more than 50 sets") }
        guard let newestSeal = chain.seals[newest], let messageSignatureIndex = chain.sets[newest]?.messageSignature else {
            throw .structure("the set i=\(newest) is incomplete")
        }
        if newestSeal.chainValidation == .fail { throw .sealedAsFailed(instance: newest) }

        // The newest ARC-Message-Signature must verify, as a DKIM signature does.
        do throws(DKIMVerificationFailure) {
            let signature: DKIMSignature
            switch chain.newest {
            case .success(let parsed): signature = parsed
            case .failure(let error): throw .signature(error)
            case nil: throw .signature(.missingTag("i"))
            }
            let (key, _) = try publicKey(algorithm: signature.algorithm, keyName: signature.keyName, answers: answers, subdomainIdentity: nil)
            try Self.checkBodyHash(chain.bodyHash, of: signature)
            guard key.verify(signature.signature, over: signedHeaderData(signature, fieldIndex: messageSignatureIndex)) else {
                throw .signatureMismatch
            }
        } catch {
            throw .messageSignature(instance: newest, error)
        }

        // Every seal, newest first: each signs the sets up to its own, and says how the chain stood before it.
        for instance in stride(from: newest, through: 1, by: -1) {
            guard let seal = chain.seals[instance] else { throw .structure("the set i=\(instance) has no ARC-Seal") }
            let expected: ARCSeal.ChainValidation = instance == 1 ? .none : .pass
            guard seal.chainValidation == expected else { throw .chainValidation(instance: instance, seal.chainValidation.rawValue) }
            do throws(DKIMVerificationFailure) {
                let (key, _) = try publicKey(algorithm: seal.algorithm, keyName: seal.keyName, answers: answers, subdomainIdentity: nil)
                guard key.verify(seal.signature, over: sealedData(chain, through: instance)) else { throw .signatureMismatch }
            } catch {
                throw .seal(instance: instance, error)
            }
        }
    }

    /// What the seal of `instance` signs (RFC 8617 §5.1.1): the sets 1 to `instance` in order, each as its
    /// ARC-Authentication-Results, ARC-Message-Signature and ARC-Seal, relaxed; the last seal without the value
    /// of `b=` and without its final CRLF.
    private func sealedData(_ chain: ARCChainState, through instance: Int) -> [UInt8] {
        var data: [UInt8] = []
        for current in 1...instance {
            guard let set = chain.sets[current], let results = set.results, let messageSignature = set.messageSignature, let seal = set.seal else { continue }
            data += RelaxedCanonicalizer.header(headerField(at: results).bytes)
            data += RelaxedCanonicalizer.header(headerField(at: messageSignature).bytes)
            if current == instance {
                var own = RelaxedCanonicalizer.header(ArraySlice(SignatureFieldBytes.withoutSignature(headerField(at: seal).bytes)))
                own.removeLast(2)
                data += own
            } else {
                data += RelaxedCanonicalizer.header(headerField(at: seal).bytes)
            }
        }
        return data
    }
}
