/// The body canonicalizations of RFC 6376 §3.4.3 (simple) and §3.4.4 (relaxed) as a state machine fed in chunks,
/// so that a body spooled from an SMTP session is canonicalized as it arrives, never held whole. A chunk may end
/// anywhere, between the CR and LF of a line end included; the output is the same as for the body in one piece.
struct BodyCanonicalizer {
    let algorithm: DKIMCanonicalization
    /// The last byte seen was a CR: whether it ends a line depends on the next byte, maybe in the next chunk.
    private var pendingCR = false
    /// Line ends not yet written: empty lines at the end of the body are dropped, so they are written only when
    /// content follows them (simple counts every line end here, relaxed only those of empty lines).
    private var pendingLineEnds = 0
    /// Relaxed: blanks seen since the last content on this line (written as one space if content follows).
    private var pendingBlank = false
    /// Relaxed: the current line has content other than blanks.
    private var lineHasContent = false

    init(_ algorithm: DKIMCanonicalization) {
        self.algorithm = algorithm
    }

    /// Appends the canonical form of `chunk` to `out` (as far as it is decided).
    mutating func canonicalize(_ chunk: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var index = 0
        let count = chunk.count
        while index < count {
            let byte = chunk[index]
            if pendingCR {
                pendingCR = false
                if byte == 0x0A {
                    lineEnd(into: &out)
                    index += 1
                    continue
                }
                content(0x0D, into: &out)
            }
            if byte == 0x0D {
                pendingCR = true
                index += 1
            } else if isPlain(byte) {
                // Most of a body is runs of plain bytes, which both algorithms copy as they are: one append a run.
                var end = index + 1
                while end < count, isPlain(chunk[end]) { end += 1 }
                plainRun(UnsafeBufferPointer(rebasing: chunk[index..<end]), into: &out)
                index = end
            } else {
                content(byte, into: &out)
                index += 1
            }
        }
    }

    /// A byte copied as it is whatever came before it: not a CR (which may start a line end), and for relaxed not
    /// a blank (which may be dropped or merged).
    private func isPlain(_ byte: UInt8) -> Bool {
        byte != 0x0D && (algorithm == .simple || (byte != 0x20 && byte != 0x09))
    }

    /// What `content` does for each byte of a run of plain bytes, once for the run.
    private mutating func plainRun(_ run: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        switch algorithm {
        case .simple:
            flushLineEnds(into: &out)
        case .relaxed:
            if !lineHasContent { flushLineEnds(into: &out) }
            if pendingBlank { out.append(0x20) }
            pendingBlank = false
            lineHasContent = true
        }
        out.append(contentsOf: run)
    }

    mutating func canonicalize(_ chunk: some Collection<UInt8>, into out: inout [UInt8]) {
        let done: Void? = chunk.withContiguousStorageIfAvailable { canonicalize($0, into: &out) }
        if done == nil { Array(chunk).withUnsafeBufferPointer { canonicalize($0, into: &out) } }
    }

    /// The end of the body: a CR left waiting is content; simple ends with exactly one CRLF (an empty body is
    /// CRLF), relaxed with one CRLF after the last content (an empty body stays empty).
    mutating func finish(into out: inout [UInt8]) {
        if pendingCR {
            pendingCR = false
            content(0x0D, into: &out)
        }
        switch algorithm {
        case .simple:
            out.append(contentsOf: [0x0D, 0x0A])
        case .relaxed:
            if lineHasContent { out.append(contentsOf: [0x0D, 0x0A]) }
        }
        pendingLineEnds = 0
        lineHasContent = false
        pendingBlank = false
    }

    private mutating func lineEnd(into out: inout [UInt8]) {
        switch algorithm {
        case .simple:
            pendingLineEnds += 1
        case .relaxed:
            // Blanks at the end of a line are dropped; a line of blanks only is an empty line.
            pendingBlank = false
            if lineHasContent {
                out.append(contentsOf: [0x0D, 0x0A])
            } else {
                pendingLineEnds += 1
            }
            lineHasContent = false
        }
    }

    private mutating func content(_ byte: UInt8, into out: inout [UInt8]) {
        switch algorithm {
        case .simple:
            flushLineEnds(into: &out)
            out.append(byte)
        case .relaxed:
            if byte == 0x20 || byte == 0x09 {
                pendingBlank = true
                return
            }
            if !lineHasContent { flushLineEnds(into: &out) }
            if pendingBlank { out.append(0x20) }
            pendingBlank = false
            lineHasContent = true
            out.append(byte)
        }
    }

    private mutating func flushLineEnds(into out: inout [UInt8]) {
        for _ in 0..<pendingLineEnds { out.append(contentsOf: [0x0D, 0x0A]) }
        pendingLineEnds = 0
    }
}
