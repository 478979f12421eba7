import Foundation

/// An append-only text log written with O_APPEND write(2): a line written before a SIGKILL is kept
/// (the kernel has it), which is all the crash test needs to know what was acknowledged.
final class AppendLog: Sendable {
    private let descriptor: Int32

    init(path: String) throws {
        self.descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard self.descriptor >= 0 else {
            throw CrashTestError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
    }

    func append(_ line: String) {
        var text = line
        text.append("\n")
        text.withUTF8 { bytes in
            _ = write(self.descriptor, bytes.baseAddress, bytes.count)
        }
    }

    static func lines(path: String) -> [Substring] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n")
    }
}
