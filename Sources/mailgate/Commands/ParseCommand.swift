import ArgumentParser
import Foundation
import Gateway

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Print the inbound JSON a webhook would receive for a message file (- for standard input).")

    @Argument(help: "An RFC 5322 message file, or - to read standard input.")
    var file: String

    @Flag(help: "Include the raw message (base64) as webhooks can be configured to.")
    var includeRaw = false

    @Option(help: "Attachments larger than this many bytes are given as a link instead of inline base64.")
    var inlineAttachmentLimit = 1 << 20

    func run() throws {
        let data = try CommandInput.read(file)
        let json = try MessagePreview.json(for: [UInt8](data), includeRaw: includeRaw, inlineAttachmentLimit: inlineAttachmentLimit)
        FileHandle.standardOutput.write(json)
        FileHandle.standardOutput.write(Data("\n".utf8))
    }
}
