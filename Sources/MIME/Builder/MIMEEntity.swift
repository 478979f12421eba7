/// A body part being built: its header fields and its encoded body. A multipart's body holds its children,
/// already written, between boundaries chosen not to occur in them.
struct MIMEEntity {
    var fields: [FoldedField]
    var body: [UInt8]

    func render(into out: inout [UInt8]) {
        for field in fields { field.render(into: &out) }
        out.append(contentsOf: [0x0D, 0x0A])
        out.append(contentsOf: body)
    }

    static func leaf(contentType: [FoldedField.Word], body: EncodedBody, extra: [FoldedField] = []) -> MIMEEntity {
        var fields = [FoldedField(name: "Content-Type", words: contentType)]
        var encoding = FoldedField(name: "Content-Transfer-Encoding")
        encoding.append(body.encoding.rawValue)
        fields.append(encoding)
        return MIMEEntity(fields: fields + extra, body: body.bytes)
    }

    /// `multipart/<subtype>` around the children, with a boundary that none of them contains; `parameters`
    /// (`report-type=…`) go before the boundary.
    static func multipart<G: RandomNumberGenerator>(
        _ subtype: String, _ children: [MIMEEntity], parameters: [String] = [], using generator: inout G
    ) -> MIMEEntity {
        let rendered = children.map { child -> [UInt8] in
            var bytes: [UInt8] = []
            child.render(into: &bytes)
            return bytes
        }
        var boundary = BoundaryGenerator.make(using: &generator)
        while rendered.contains(where: { BoundaryGenerator.occurs(boundary, in: $0) }) {
            boundary = BoundaryGenerator.make(using: &generator)
        }
        var body: [UInt8] = []
        body.reserveCapacity(rendered.reduce(0) { $0 + $1.count } + rendered.count * (boundary.utf8.count + 8) + 16)
        for child in rendered {
            body.append(contentsOf: "--".utf8)
            body.append(contentsOf: boundary.utf8)
            body.append(contentsOf: [0x0D, 0x0A])
            body.append(contentsOf: child)
            body.append(contentsOf: [0x0D, 0x0A])
        }
        body.append(contentsOf: "--".utf8)
        body.append(contentsOf: boundary.utf8)
        body.append(contentsOf: "--\r\n".utf8)
        var contentType = FoldedField(name: "Content-Type")
        contentType.append("multipart/" + subtype + ";")
        for parameter in parameters { contentType.append(parameter + ";") }
        contentType.append("boundary=\"" + boundary + "\"")
        return MIMEEntity(fields: [contentType], body: body)
    }
}
