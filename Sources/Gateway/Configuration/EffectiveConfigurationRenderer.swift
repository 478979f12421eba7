/// Renders the configuration in force as YAML, secrets redacted, each value annotated with where it
/// came from: what `mailgate check-config` prints.
public enum EffectiveConfigurationRenderer {
    private final class Node {
        var children: [(String, Node)] = []
        var value: EffectiveSetting?

        func child(_ name: String) -> Node {
            if let existing = children.first(where: { $0.0 == name }) { return existing.1 }
            let node = Node()
            children.append((name, node))
            return node
        }
    }

    public static func render(_ configuration: GatewayConfiguration, fileName: String?) -> String {
        let root = Node()
        for setting in configuration.effective {
            var node = root
            for component in setting.key.split(separator: ".") { node = node.child(String(component)) }
            node.value = setting
        }
        var lines = ["# mailgate \(MailgateVersion.current): effective configuration (\(configuration.profile.rawValue) defaults)"]
        emit(root, indent: "", into: &lines, fileName: fileName)
        return lines.joined(separator: "\n") + "\n"
    }

    private static func emit(_ node: Node, indent: String, into lines: inout [String], fileName: String?) {
        for (name, child) in node.children {
            if let setting = child.value {
                lines.append("\(indent)\(name): \(quoted(setting.value))  # \(source(setting.source, fileName: fileName))")
            } else if child.children.allSatisfy({ Int($0.0) != nil }) && !child.children.isEmpty {
                lines.append("\(indent)\(name):")
                for (_, item) in child.children {
                    var itemLines: [String] = []
                    emit(item, indent: indent + "    ", into: &itemLines, fileName: fileName)
                    if let first = itemLines.first {
                        lines.append(indent + "  - " + first.dropFirst(indent.count + 4))
                        lines.append(contentsOf: itemLines.dropFirst())
                    }
                }
            } else {
                lines.append("\(indent)\(name):")
                emit(child, indent: indent + "  ", into: &lines, fileName: fileName)
            }
        }
    }

    private static func source(_ location: ConfigurationProblem.Location, fileName: String?) -> String {
        switch location {
        case .file(let line): "\(fileName ?? "file")" + (line.map { ":\($0)" } ?? "")
        case .environment(let name): name
        case .secretFile(let path): path
        case .none: "default"
        }
    }

    /// Plain scalars where YAML reads them back unchanged, double-quoted JSON-style strings otherwise.
    static func quoted(_ value: String) -> String {
        let plainSafe = !value.isEmpty && value.first.map { $0.isLetter || $0.isNumber || $0 == "/" || $0 == "." } == true
            && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./:@+".contains($0)) }
            && !["null", "~"].contains(value.lowercased())
        if plainSafe { return value }
        var escaped = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 { escaped += "\\x" + String(scalar.value, radix: 16) } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        return escaped + "\""
    }
}
