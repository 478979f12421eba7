import ArgumentParser
import Foundation

/// The file a command reads, or standard input for `-`.
enum CommandInput {
    static func read(_ file: String) throws -> Data {
        if file == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        return data
    }

    /// A password as read from a file or a pipe: one trailing line break is what `echo` (or an editor) adds, not
    /// part of the password.
    static func secret(_ data: Data) -> String {
        var text = String(decoding: data, as: UTF8.self)
        if text.hasSuffix("\r\n") { text.removeLast(2) } else if text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
