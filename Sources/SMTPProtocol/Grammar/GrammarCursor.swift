/// A read position over one command line; the grammar functions advance it as they accept input.
struct GrammarCursor {
    let bytes: [UInt8]
    var index: Int

    init(_ bytes: [UInt8], index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    var isAtEnd: Bool { self.index >= self.bytes.count }
    var peek: UInt8? { self.isAtEnd ? nil : self.bytes[self.index] }
    var remaining: ArraySlice<UInt8> { self.bytes[min(self.index, self.bytes.count)...] }

    mutating func next() -> UInt8? {
        guard let byte = self.peek else { return nil }
        self.index += 1
        return byte
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard self.peek == byte else { return false }
        self.index += 1
        return true
    }

    /// ASCII case-insensitive match of a literal keyword.
    mutating func consumeCaseInsensitive(_ literal: String) -> Bool {
        var probe = self.index
        for expected in literal.utf8 {
            guard probe < self.bytes.count, ASCII.lowercased(self.bytes[probe]) == ASCII.lowercased(expected) else {
                return false
            }
            probe += 1
        }
        self.index = probe
        return true
    }

    mutating func consume(while predicate: (UInt8) -> Bool) -> ArraySlice<UInt8> {
        let start = self.index
        while let byte = self.peek, predicate(byte) { self.index += 1 }
        return self.bytes[start..<self.index]
    }
}
