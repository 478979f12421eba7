import Foundation
import Synchronization

/// Ports on 127.0.0.1 for tests that start servers.
public enum LoopbackPort {
    /// Every port handed out in this process: the kernel may give a just-closed port again, and a test that
    /// asks for several ports before binding any (a gateway's listeners, a receiver started later) must get
    /// distinct ones.
    private static let handedOut = Mutex<Set<Int>>([])

    /// A port the kernel has just handed out on 127.0.0.1, closed again so a server can bind it; never one
    /// this process was given before.
    public static func free() throws -> Int {
        for _ in 0..<100 {
            let port = try kernelPort()
            if handedOut.withLock({ $0.insert(port).inserted }) { return port }
        }
        throw POSIXError(.EADDRINUSE)
    }

    private static func kernelPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw POSIXError(.EADDRINUSE) }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
