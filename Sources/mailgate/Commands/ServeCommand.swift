import ArgumentParser
import Foundation
import Gateway

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the gateway until SIGTERM or SIGINT (SIGHUP reloads users, API keys and the log level).")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        do {
            try await GatewayApplication.serve(loader: ConfigurationLoader(filePath: options.config))
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("mailgate: \(error)\n".utf8))
            throw ExitCode.configurationError
        } catch let error as DevelopmentInstance.RefusedError {
            FileHandle.standardError.write(Data("mailgate: \(error)\n".utf8))
            throw ExitCode.configurationError
        }
    }
}
