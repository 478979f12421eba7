/// Everything wrong with a configuration, reported at once so that one `check-config` run shows it all.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var problems: [ConfigurationProblem]

    public init(problems: [ConfigurationProblem]) {
        self.problems = problems
    }

    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "invalid configuration (\(count)):\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }
}
