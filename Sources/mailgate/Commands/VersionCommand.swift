import ArgumentParser
import Gateway

struct VersionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "version", abstract: "Print the version.")

    func run() {
        print("mailgate \(MailgateVersion.current)")
    }
}
