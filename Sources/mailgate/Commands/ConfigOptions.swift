import ArgumentParser

/// `--config FILE`, shared by the commands that read the configuration.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The YAML configuration file (default: $MAILGATE_CONFIG; none: a development instance).", valueName: "file"))
    var config: String?
}
