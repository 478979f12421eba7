import ArgumentParser
import Foundation
import Gateway

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Print the message a send request (the JSON of POST /v1/messages) would produce (- for standard input).")

    @Argument(help: "A send request JSON file, or - to read standard input.")
    var file: String

    @Option(help: "The host name of the generated Message-ID.")
    var hostname = "localhost"

    func run() throws {
        let data = try CommandInput.read(file)
        do {
            let message = try MessagePreview.message(forSendRequest: data, hostname: hostname)
            FileHandle.standardOutput.write(Data(message))
        } catch {
            FileHandle.standardError.write(Data("mailgate build: \(error)\n".utf8))
            throw ExitCode.dataError
        }
    }
}
