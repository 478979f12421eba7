import ArgumentParser
import Foundation
import Gateway

struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration and print it as it would be used, secrets redacted.",
        discussion: "Exits 0 when the configuration is valid and 78 (EX_CONFIG) otherwise, listing every problem with its key and file line.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let loader = ConfigurationLoader(filePath: options.config)
        do {
            let configuration = try await loader.load()
            print(EffectiveConfigurationRenderer.render(configuration, fileName: loader.filePath), terminator: "")
            // Warnings do not fail the check: the configuration is valid, if likely not what was meant.
            for warning in configuration.warnings {
                FileHandle.standardError.write(Data("mailgate: warning: \(warning)\n".utf8))
            }
        } catch {
            FileHandle.standardError.write(Data("mailgate: \(error)\n".utf8))
            throw ExitCode.configurationError
        }
    }
}
