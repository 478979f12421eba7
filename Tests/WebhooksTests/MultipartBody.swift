import Foundation

/// A plain splitter for `multipart/form-data` bodies, independent of the builder under test: the parts
/// between `--boundary` delimiter lines, each with its header lines and its content.
struct MultipartBody {
    struct Part {
        var headers: [String]
        var content: [UInt8]

        /// The value of a `Content-Disposition` parameter, as written (quotes removed).
        func disposition(_ parameter: String) -> String? {
            guard let line = headers.first(where: { $0.lowercased().hasPrefix("content-disposition:") }) else { return nil }
            let marker = "; \(parameter)=\""
            guard let start = line.range(of: marker)?.upperBound,
                let end = line[start...].firstIndex(of: "\"")
            else { return nil }
            return String(line[start..<end])
        }

        var contentType: String? {
            headers.first { $0.lowercased().hasPrefix("content-type:") }.map {
                String($0.dropFirst("content-type:".count)).trimmingCharacters(in: .whitespaces)
            }
        }

        var text: String { String(decoding: content, as: UTF8.self) }
    }

    var parts: [Part]

    /// Nil when the body is not well formed for this boundary.
    init?(_ body: [UInt8], boundary: String) {
        let opening = Array("--\(boundary)\r\n".utf8)
        let delimiter = Array("\r\n--\(boundary)".utf8)
        guard body.starts(with: opening) else { return nil }
        var parts: [Part] = []
        var index = opening.count
        while true {
            guard let end = Self.find(delimiter, in: body, from: index) else { return nil }
            let part = Array(body[index..<end])
            guard let blank = Self.find(Array("\r\n\r\n".utf8), in: part, from: 0) else { return nil }
            let headers = String(decoding: part[..<blank], as: UTF8.self).components(separatedBy: "\r\n")
            parts.append(Part(headers: headers, content: Array(part[(blank + 4)...])))
            let after = end + delimiter.count
            let rest = Array(body[after...])
            if rest == Array("--\r\n".utf8) { break }
            guard rest.starts(with: Array("\r\n".utf8)) else { return nil }
            index = after + 2
        }
        self.parts = parts
    }

    func part(named name: String) -> Part? {
        parts.first { $0.disposition("name") == name }
    }

    static func boundary(of contentType: String) -> String? {
        guard let range = contentType.range(of: "boundary=") else { return nil }
        return String(contentType[range.upperBound...])
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
