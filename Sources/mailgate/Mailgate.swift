import ArgumentParser

@main
struct Mailgate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mailgate",
        abstract: "SMTP-to-HTTP gateway: SMTP submission in, signed webhooks out; REST in, SMTP relay out.",
        subcommands: [
            ServeCommand.self, CheckConfigCommand.self, HashPasswordCommand.self, DKIMKeygenCommand.self, ParseCommand.self,
            BuildCommand.self, ProbeCommand.self, HealthCommand.self, VersionCommand.self,
        ],
        defaultSubcommand: ServeCommand.self)
}
