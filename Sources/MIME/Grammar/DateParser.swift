/// Dates (RFC 5322 §3.3 and the obsolete §4.3), plus the broken forms seen in the wild: no day name, two- or
/// three-digit years, full month names, seconds missing, `.` as time separator, numeric zones with a colon,
/// named US zones, military letters, zone missing (read as UTC), asctime (`Mon Jan  5 10:00:00 2023`) and
/// ISO 8601 (`2023-01-05T10:00:00+01:00`). Pure arithmetic, no calendar objects.
enum DateParser {
    private enum Piece: Equatable {
        case number(Int, digits: Int)
        case word(String)
        case zone(Int)
        case time(Int, Int, Int)
    }

    static func parse(_ raw: String) -> MessageDate {
        let result = MessageDate(raw: raw, iso8601: nil, secondsSince1970: nil)
        let pieces = lex(raw)
        var day: Int?
        var month: Int?
        var year: Int?
        var yearDigits = 4
        var time: (Int, Int, Int)?
        var zone: Int?
        var numbers: [(Int, Int)] = []
        for piece in pieces {
            switch piece {
            case .time(let h, let m, let s):
                if time == nil { time = (h, m, s) }
            case .zone(let offset):
                if time != nil, zone == nil { zone = offset }
            case .word(let word):
                if let value = monthNumber(word), month == nil {
                    month = value
                } else if time != nil, zone == nil, let offset = namedZone(word) {
                    zone = offset
                }
            case .number(let value, let digits):
                numbers.append((value, digits))
            }
        }
        // ISO order (year first) when the first number has four digits.
        if let first = numbers.first, first.1 == 4, numbers.count >= 3, month == nil {
            year = first.0
            month = numbers[1].0
            day = numbers[2].0
        } else {
            for (value, digits) in numbers where day == nil || year == nil {
                if day == nil, digits <= 2, value >= 1, value <= 31, year == nil || month != nil {
                    day = value
                } else if month == nil, digits <= 2, value >= 1, value <= 12, day != nil {
                    month = value
                } else if year == nil {
                    year = value
                    yearDigits = digits
                }
            }
        }
        guard let d = day, let m = month, var y = year, (1...12).contains(m), (1...31).contains(d) else { return result }
        if yearDigits <= 2 {
            y += y < 50 ? 2000 : 1900
        } else if yearDigits == 3 {
            y += 1900
        }
        let (hour, minute, second) = time ?? (0, 0, 0)
        guard hour < 24, minute < 60, second <= 60 else { return result }
        let offsetMinutes = zone ?? 0
        let days = daysFromCivil(year: y, month: m, day: d)
        let seconds = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offsetMinutes) * 60
        return MessageDate(raw: raw, iso8601: format(seconds), secondsSince1970: seconds)
    }

    private static func lex(_ raw: String) -> [Piece] {
        var pieces: [Piece] = []
        let bytes = Array(raw.utf8)
        var i = 0
        var commentDepth = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "(") { commentDepth += 1; i += 1; continue }
            if c == UInt8(ascii: ")") { commentDepth = max(0, commentDepth - 1); i += 1; continue }
            if commentDepth > 0 { i += 1; continue }
            if isDigit(c) {
                let (value, digits, end) = number(bytes, i)
                // Time: h:mm[:ss] or h.mm.ss.
                if end < bytes.count, bytes[end] == UInt8(ascii: ":") || (bytes[end] == UInt8(ascii: ".") && digits <= 2 && end + 3 < bytes.count && bytes[end + 3] == UInt8(ascii: ".")),
                    end + 1 < bytes.count, isDigit(bytes[end + 1])
                {
                    let separator = bytes[end]
                    let (minute, _, minuteEnd) = number(bytes, end + 1)
                    var second = 0
                    var j = minuteEnd
                    if j + 1 < bytes.count, bytes[j] == separator, isDigit(bytes[j + 1]) {
                        let parsed = number(bytes, j + 1)
                        second = parsed.0
                        j = parsed.2
                    }
                    // Fractions of a second.
                    if j < bytes.count, bytes[j] == UInt8(ascii: "."), j + 1 < bytes.count, isDigit(bytes[j + 1]) {
                        j = number(bytes, j + 1).2
                    }
                    pieces.append(.time(value, minute, second))
                    i = j
                    continue
                }
                pieces.append(.number(value, digits: digits))
                i = end
                continue
            }
            if (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")), i + 1 < bytes.count, isDigit(bytes[i + 1]),
                !(pieces.isEmpty) , case .time = pieces.last!
            {
                let (value, digits, end) = number(bytes, i + 1)
                var minutes: Int
                var j = end
                if digits <= 2, j + 2 < bytes.count, bytes[j] == UInt8(ascii: ":"), isDigit(bytes[j + 1]) {
                    let parsed = number(bytes, j + 1)
                    minutes = value * 60 + parsed.0
                    j = parsed.2
                } else if digits <= 2 {
                    minutes = value * 60
                } else {
                    minutes = (value / 100) * 60 + value % 100
                }
                if minutes > 24 * 60 { minutes = 0 }
                pieces.append(.zone(c == UInt8(ascii: "-") ? -minutes : minutes))
                i = j
                continue
            }
            if isLetter(c) {
                var j = i
                while j < bytes.count, isLetter(bytes[j]) { j += 1 }
                let word = String(decoding: bytes[i..<j], as: UTF8.self).lowercased()
                // ISO 8601 "T" separator and "Z" zone glued to digits.
                if word == "t" {
                    i = j
                    continue
                }
                if word == "z", case .time? = pieces.last {
                    pieces.append(.zone(0))
                    i = j
                    continue
                }
                pieces.append(.word(word))
                i = j
                continue
            }
            i += 1
        }
        return pieces
    }

    private static func number(_ bytes: [UInt8], _ start: Int) -> (Int, Int, Int) {
        var value = 0
        var i = start
        while i < bytes.count, isDigit(bytes[i]) {
            if i - start < 9 { value = value * 10 + Int(bytes[i] - UInt8(ascii: "0")) }
            i += 1
        }
        return (value, i - start, i)
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    private static func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func monthNumber(_ word: String) -> Int? {
        guard word.count >= 3 else { return nil }
        let prefix = String(word.prefix(3))
        guard let index = months.firstIndex(of: prefix) else { return nil }
        return index + 1
    }

    private static func namedZone(_ word: String) -> Int? {
        switch word {
        case "ut", "utc", "gmt", "z", "wet": return 0
        case "edt": return -4 * 60
        case "est", "cdt": return -5 * 60
        case "cst", "mdt": return -6 * 60
        case "mst", "pdt": return -7 * 60
        case "pst": return -8 * 60
        case "cet", "bst", "met", "wat": return 60
        case "cest", "eet", "mest": return 120
        case "eest", "msk": return 180
        case "jst", "kst": return 540
        default:
            // Military zones are ambiguous in practice (RFC 5322 §4.3): read as UTC.
            return word.count == 1 ? 0 : nil
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func format(_ seconds: Int64) -> String {
        var days = seconds / 86400
        var rest = seconds % 86400
        if rest < 0 {
            rest += 86400
            days -= 1
        }
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(Int(rest / 3600), 2)):\(pad(Int(rest % 3600 / 60), 2)):\(pad(Int(rest % 60), 2))Z"
    }
}
