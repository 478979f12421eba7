/// Message-ID, In-Reply-To and References (RFC 5322 §3.6.4): ids without their angle brackets. Broken forms
/// are common (no brackets, commas between ids, phrases in In-Reply-To), so text outside brackets is only used
/// when there are no bracketed ids at all.
enum MessageIDParser {
    static func parseList(_ text: String) -> [String] {
        var ids: [String] = []
        var current: [Unicode.Scalar]?
        for scalar in text.unicodeScalars {
            if scalar == "<" {
                current = []
            } else if scalar == ">" {
                if let id = current, !id.isEmpty {
                    var value = String.UnicodeScalarView()
                    value.append(contentsOf: id.filter { !String.isLWSP($0) })
                    ids.append(String(value))
                }
                current = nil
            } else {
                current?.append(scalar)
            }
        }
        if !ids.isEmpty { return ids }
        return text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" || $0 == "\n" })
            .map(String.init)
            .filter { $0.contains("@") }
    }

    static func parseSingle(_ text: String) -> String? {
        if let first = parseList(text).first { return first }
        let trimmed = text.trimmingLWSP()
        return trimmed.isEmpty ? nil : trimmed
    }
}
