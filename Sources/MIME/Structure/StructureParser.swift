/// Splits a message into its MIME tree (RFC 2046 §5.1) in one pass over the lines, keeping a stack of the open
/// multiparts' boundaries. A delimiter of an outer multipart closes the inner ones (missing close delimiters),
/// input end closes everything (missing final boundary). Delimiter lines are found by hash (`BoundaryTable`),
/// so time is linear in the input however deep the nesting.
struct StructureParser {
    let limits: MIMELimits
    private(set) var parts: [MIMEPart] = []
    private(set) var truncations: [TruncationReason] = []
    private(set) var defects: [String] = []

    private struct Frame {
        var part: Int
        var boundary: [UInt8]
        var openChild: Int?
    }

    init(limits: MIMELimits) {
        self.limits = limits
    }

    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) {
        let end = bytes.count
        let headerParser = HeaderBlockParser(limits: limits)
        let rootHeader = headerParser.parse(bytes, from: 0, to: end, allowMboxFromLine: true)
        note(rootHeader.truncation)
        parts.append(makePart(rootHeader, parent: nil, depth: 0, defaultType: "text/plain"))
        var stack: [Frame] = []
        if let boundary = multipartBoundary(of: 0) {
            stack.append(Frame(part: 0, boundary: boundary, openChild: nil))
        } else {
            parts[0].bodyRange = rootHeader.bodyStart..<end
            return
        }

        let table = BoundaryTable()
        table.push(stack[0].boundary, level: 0)
        var position = rootHeader.bodyStart
        scan: while position < end, !stack.isEmpty {
            let lineEnd = HeaderBlockParser.lineEnd(bytes, from: position, to: end)
            let next = lineEnd < end ? lineEnd + 1 : end
            guard bytes[position] == UInt8(ascii: "-"), lineEnd - position >= 2, bytes[position + 1] == UInt8(ascii: "-") else {
                position = next
                continue
            }
            var contentEnd = lineEnd
            if contentEnd > position, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            guard let (level, isClose) = table.match(bytes, line: position, end: contentEnd) else {
                position = next
                continue
            }
            // The line break before a delimiter belongs to the delimiter.
            var bodyEnd = position
            if bodyEnd > 0, bytes[bodyEnd - 1] == 0x0A { bodyEnd -= 1 }
            if bodyEnd > 0, bytes[bodyEnd - 1] == 0x0D { bodyEnd -= 1 }
            while stack.count > level + 1 {
                let inner = stack.removeLast()
                table.pop(inner.boundary)
                close(inner, at: bodyEnd)
                defects.append("missing close delimiter in part \(inner.part)")
            }
            if let child = stack[level].openChild {
                parts[child].bodyRange = parts[child].bodyRange.lowerBound..<max(parts[child].bodyRange.lowerBound, bodyEnd)
                stack[level].openChild = nil
            }
            if isClose {
                let frame = stack.removeLast()
                table.pop(frame.boundary)
                parts[frame.part].bodyRange = parts[frame.part].bodyRange.lowerBound..<max(parts[frame.part].bodyRange.lowerBound, bodyEnd)
                position = next
                continue
            }
            if parts.count >= limits.maxParts {
                note(.partCount)
                position = bodyEnd
                break scan
            }
            let header = headerParser.parse(bytes, from: next, to: end) { start, stop in
                table.match(bytes, line: start, end: stop) != nil
            }
            // A delimiter directly followed by another delimiter delimits nothing a reader could see; mail
            // clients (and Python) drop it rather than show an empty text part.
            if header.fields.isEmpty, header.bodyStart == next, next < end {
                position = next
                continue
            }
            note(header.truncation)
            let parent = stack[level].part
            let defaultType = parts[parent].mediaType == "multipart/digest" ? "message/rfc822" : "text/plain"
            let child = parts.count
            parts.append(makePart(header, parent: parent, depth: parts[parent].depth + 1, defaultType: defaultType))
            parts[parent].children.append(child)
            stack[level].openChild = child
            if let boundary = multipartBoundary(of: child) {
                table.push(boundary, level: stack.count)
                stack.append(Frame(part: child, boundary: boundary, openChild: nil))
            }
            position = header.bodyStart
        }
        let finalEnd = min(position, end)
        if !stack.isEmpty, !truncations.contains(.partCount) { defects.append("missing final boundary") }
        while let frame = stack.popLast() {
            table.pop(frame.boundary)
            close(frame, at: truncations.contains(.partCount) ? finalEnd : end)
        }
        // A multipart in which no delimiter was found keeps its body as one opaque part rather than losing it.
        for index in parts.indices where parts[index].mediaType.hasPrefix("multipart/") && parts[index].children.isEmpty && !parts[index].isOpaque {
            parts[index].isOpaque = true
            defects.append("no body parts found in multipart \(index)")
        }
    }

    private mutating func close(_ frame: Frame, at end: Int) {
        if let child = frame.openChild {
            parts[child].bodyRange = parts[child].bodyRange.lowerBound..<max(parts[child].bodyRange.lowerBound, end)
        }
        parts[frame.part].bodyRange = parts[frame.part].bodyRange.lowerBound..<max(parts[frame.part].bodyRange.lowerBound, end)
    }

    private mutating func note(_ reason: TruncationReason?) {
        if let reason, !truncations.contains(reason) { truncations.append(reason) }
    }

    /// The boundary to split a part on, or nil when it is a leaf. Multiparts without a boundary, or nested too
    /// deep, become opaque leaves.
    private mutating func multipartBoundary(of index: Int) -> [UInt8]? {
        guard parts[index].mediaType.hasPrefix("multipart/") else { return nil }
        guard let boundary = parts[index].contentType[parameter: "boundary"], !boundary.isEmpty else {
            parts[index].isOpaque = true
            defects.append("multipart without boundary in part \(index)")
            return nil
        }
        guard parts[index].depth < limits.maxDepth else {
            parts[index].isOpaque = true
            note(.nestingDepth)
            return nil
        }
        return Array(boundary.utf8)
    }

    private func makePart(_ header: HeaderBlock, parent: Int?, depth: Int, defaultType: String) -> MIMEPart {
        var contentType = ParameterizedValue(value: defaultType, parameters: [:])
        if let field = header.first("content-type") {
            let parsed = ParameterParser.parse(HeaderText.decode(field.value, fallbackCharset: nil))
            let media = parsed.value.lowercased().filter { $0 != " " && $0 != "\t" }
            let pieces = media.split(separator: "/", omittingEmptySubsequences: false)
            if pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty {
                contentType = ParameterizedValue(value: media, parameters: parsed.parameters)
            } else {
                contentType = ParameterizedValue(value: defaultType, parameters: parsed.parameters)
            }
        }
        var disposition: ParameterizedValue?
        if let field = header.first("content-disposition") {
            var parsed = ParameterParser.parse(HeaderText.decode(field.value, fallbackCharset: nil))
            parsed.value = parsed.value.lowercased()
            disposition = parsed
        }
        let encoding = header.first("content-transfer-encoding").map {
            String(decoding: $0.value, as: UTF8.self).trimmingLWSP().lowercased()
        } ?? "7bit"
        let contentID = header.first("content-id").flatMap { MessageIDParser.parseSingle(HeaderText.decode($0.value, fallbackCharset: nil)) }
        return MIMEPart(
            headers: header.fields,
            contentType: contentType,
            disposition: disposition,
            transferEncoding: encoding,
            contentID: contentID,
            bodyRange: header.bodyStart..<header.bodyStart,
            parent: parent,
            depth: depth
        )
    }
}
