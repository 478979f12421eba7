import ArgumentParser
import Foundation
import SMTPServer

extension PasswordHashScheme: ExpressibleByArgument {}

struct HashPasswordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hash-password",
        abstract: "Read a password from standard input and print its crypt(3) hash for the users file.",
        discussion: "Example: echo -n 'secret' | mailgate hash-password  →  add a line NAME:HASH to the users file.")

    @Option(help: "The hash scheme: yescrypt, bcrypt or sha512-crypt.")
    var scheme: PasswordHashScheme = .yescrypt

    func run() throws {
        let interactive = isatty(STDIN_FILENO) == 1
        let password: String
        if interactive {
            guard let first = readSecretLine(prompt: "Password: "), let second = readSecretLine(prompt: "Again: ") else {
                throw ValidationError("no password read")
            }
            guard first == second else { throw ValidationError("the passwords differ") }
            password = first
        } else {
            password = CommandInput.secret(FileHandle.standardInput.readDataToEndOfFile())
        }
        guard !password.isEmpty else { throw ValidationError("the password is empty") }
        guard !password.contains("\n") else { throw ValidationError("the password contains a line break") }
        print(try PasswordHasher.hash(password, scheme: scheme))
    }

    /// Reads one line from the terminal with echo off, restoring the terminal afterwards.
    private func readSecretLine(prompt: String) -> String? {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }
}
