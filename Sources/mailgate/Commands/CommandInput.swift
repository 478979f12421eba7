import ArgumentParser
import Foundation

/// The file a command reads, or standard input for `-`.
enum CommandInput {
    static func read(_ file: String) throws -> Data {
        if file == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read \(file)") }
        return data
    }
}
