extension String {
    /// Trims ASCII blanks, CR/LF and surrounding double quotes, as found around charset labels and tokens.
    func trimmingASCIIWhitespaceAndQuotes() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" || first == "\"" || first == "\r" || first == "\n" || first == "'" {
            scalars = scalars.dropFirst()
        }
        while let last = scalars.last, last == " " || last == "\t" || last == "\"" || last == "\r" || last == "\n" || last == "'" {
            scalars = scalars.dropLast()
        }
        return String(scalars)
    }

    /// Trims spaces, tabs, CR and LF.
    func trimmingLWSP() -> String {
        let scalars = unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, Self.isLWSP(scalars[start]) { start = scalars.index(after: start) }
        while end > start, Self.isLWSP(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        return String(scalars[start..<end])
    }

    static func isLWSP(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n"
    }
}
