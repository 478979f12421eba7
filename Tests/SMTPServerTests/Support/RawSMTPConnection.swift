import Foundation
import MailgateTestSupport

// NIOEmbedded (the handler tests) loads CNIOLinux, which then owns the socket structs of <netinet/in.h> in
// this module's compilation; member import visibility wants the owner imported.
#if canImport(CNIOLinux)
import CNIOLinux
#endif

/// A plain TCP connection for conversations no real client would have (smuggling, pipelined plaintext
/// after STARTTLS): bytes out exactly as given, replies read line by line.
/// `@unchecked Sendable`: a test uses one connection from one task at a time; the blocking calls only
/// hop to a thread of their own (`offPool`) and back.
final class RawSMTPConnection: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []

    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw POSIXError(.ECONNREFUSED)
        }
    }

    deinit { close(fd) }

    func send(_ text: String) {
        send(Array(text.utf8))
    }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if written <= 0 { return }
            offset += written
        }
    }

    /// One reply (all its lines), or nil when the server closed the connection or stayed silent.
    func readReply() async -> String? {
        await offPool { self.readReplyBlocking() }
    }

    private func readReplyBlocking() -> String? {
        var lines: [String] = []
        while let line = readLine() {
            lines.append(line)
            if line.count < 4 || line[line.index(line.startIndex, offsetBy: 3)] == " " { break }
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// True once the server has closed its side.
    func isClosedByServer() async -> Bool {
        // A loaded machine may deliver the FIN after the socket's receive timeout: keep waiting (up to 20 s)
        // while the read only timed out; a reset also means the server closed it.
        await offPool {
            let deadline = ContinuousClock.now + .seconds(20)
            while true {
                var byte: UInt8 = 0
                let count = recv(self.fd, &byte, 1, 0)
                if count == 0 { return true }
                if count > 0 { return false }
                if errno == ECONNRESET { return true }
                guard errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR, ContinuousClock.now < deadline else { return false }
            }
        }
    }

    private func readLine() -> String? {
        while true {
            if let index = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[..<index]
                buffer.removeSubrange(...index)
                return String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line, as: UTF8.self)
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &chunk, chunk.count, 0)
            if count <= 0 { return nil }
            buffer += chunk.prefix(count)
        }
    }

    /// Sends a command and returns the reply.
    func command(_ line: String) async -> String? {
        send(line + "\r\n")
        return await readReply()
    }
}
