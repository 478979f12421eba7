/// The boundaries of the open multiparts, looked up by hash: a delimiter line is matched in time proportional
/// to its length whatever the nesting depth, so 100,000 nested multiparts parse in linear time. A class so the
/// header parser's boundary check can share it without copying.
final class BoundaryTable {
    /// Boundary → stack levels using it, innermost last.
    private var levels: [[UInt8]: [Int]] = [:]

    func push(_ boundary: [UInt8], level: Int) {
        levels[boundary, default: []].append(level)
    }

    func pop(_ boundary: [UInt8]) {
        levels[boundary]?.removeLast()
        if levels[boundary]?.isEmpty == true { levels[boundary] = nil }
    }

    var isEmpty: Bool { levels.isEmpty }

    /// The innermost level whose boundary this line is (`--boundary`, `--boundary--`, trailing blanks allowed),
    /// and whether it closes that multipart. The line excludes its line break.
    func match(_ bytes: UnsafeBufferPointer<UInt8>, line start: Int, end: Int) -> (level: Int, isClose: Bool)? {
        guard end - start >= 2, bytes[start] == UInt8(ascii: "-"), bytes[start + 1] == UInt8(ascii: "-"), !levels.isEmpty else { return nil }
        var stop = end
        while stop > start + 2, bytes[stop - 1] == 0x20 || bytes[stop - 1] == 0x09 { stop -= 1 }
        var best: (level: Int, isClose: Bool)?
        if let level = levels[Array(UnsafeBufferPointer(rebasing: bytes[(start + 2)..<stop]))]?.last {
            best = (level, false)
        }
        if stop - start >= 4, bytes[stop - 1] == UInt8(ascii: "-"), bytes[stop - 2] == UInt8(ascii: "-"),
            let level = levels[Array(UnsafeBufferPointer(rebasing: bytes[(start + 2)..<(stop - 2)]))]?.last,
            level > (best?.level ?? -1)
        {
            best = (level, true)
        }
        return best
    }
}
