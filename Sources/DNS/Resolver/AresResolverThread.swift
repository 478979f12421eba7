import CAres
import Foundation
import Synchronization

/// One c-ares channel and the thread that runs it. c-ares 1.18.1 (Debian bookworm) has no event thread of its
/// own, so this one polls the channel's sockets and a wake pipe, and runs `ares_process_fd` for what is ready and
/// for timeouts. Callers queue a query and wait on a continuation: nothing blocks an event loop or the
/// cooperative pool. c-ares does the transport: the servers (configured, or /etc/resolv.conf), UDP, the retry
/// over TCP when an answer is truncated, tries and timeouts.
final class AresResolverThread: Sendable {
    struct Queue {
        var waiting: [AresQuery] = []
        var stopping = false
    }

    private let queue = Mutex(Queue())
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let channel: AresChannel

    /// `ares_library_init` once per process, before the first channel.
    private static let libraryStatus: Int32 = ares_library_init(ARES_LIB_INIT_ALL)

    init(configuration: DNSResolverConfiguration) throws(DNSConfigurationError) {
        guard Self.libraryStatus == ARES_SUCCESS else { throw DNSConfigurationError("c-ares: \(String(cString: ares_strerror(Self.libraryStatus)))") }
        var options = ares_options()
        let milliseconds = configuration.timeout.components.seconds * 1000 + configuration.timeout.components.attoseconds / 1_000_000_000_000_000
        options.timeout = Int32(clamping: max(milliseconds, 1))
        options.tries = Int32(clamping: max(configuration.tries, 1))
        var handle: ares_channel?
        let status = ares_init_options(&handle, &options, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES)
        guard status == ARES_SUCCESS, let handle else { throw DNSConfigurationError("c-ares: \(String(cString: ares_strerror(status)))") }
        if !configuration.servers.isEmpty {
            let list = configuration.servers.map(\.description).joined(separator: ",")
            let status = ares_set_servers_ports_csv(handle, list)
            guard status == ARES_SUCCESS else {
                ares_destroy(handle)
                throw DNSConfigurationError("dns.servers \(list): \(String(cString: ares_strerror(status)))")
            }
        }
        var pipeEnds: [Int32] = [-1, -1]
        guard pipe(&pipeEnds) == 0,
              pipeEnds.allSatisfy({ fcntl($0, F_SETFL, O_NONBLOCK) == 0 && fcntl($0, F_SETFD, FD_CLOEXEC) == 0 })
        else {
            ares_destroy(handle)
            throw DNSConfigurationError("the resolver's wake pipe: \(String(cString: strerror(errno)))")
        }
        wakeRead = pipeEnds[0]
        wakeWrite = pipeEnds[1]
        channel = AresChannel(handle)
        let thread = Thread { [self] in run() }
        thread.name = "mailgate-dns"
        thread.start()
    }

    /// Sends `message` and waits for the reply; after `stop()` it fails at once.
    func send(_ message: [UInt8]) async -> AresReply {
        await withCheckedContinuation { continuation in
            let query = AresQuery(message: message, continuation: continuation)
            let queued = queue.withLock { queue in
                guard !queue.stopping else { return false }
                queue.waiting.append(query)
                return true
            }
            guard queued else { return continuation.resume(returning: .failure("the resolver is stopped")) }
            wake()
        }
    }

    /// Ends the thread; queries in flight end with a failure.
    func stop() {
        queue.withLock { $0.stopping = true }
        wake()
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)  // a full pipe already holds a wake-up
    }

    private static let callback: ares_callback = { argument, status, _, reply, length in
        guard let argument else { return }
        let query = Unmanaged<AresQuery>.fromOpaque(argument).takeRetainedValue()
        if status == ARES_SUCCESS, let reply {
            query.continuation.resume(returning: .answer(Array(UnsafeBufferPointer(start: reply, count: Int(length)))))
        } else {
            query.continuation.resume(returning: .failure(String(cString: ares_strerror(status))))
        }
    }

    /// The thread's loop. Only it touches the channel after `init`.
    private func run() {
        let channel = channel.handle
        var sockets = [ares_socket_t](repeating: -1, count: Int(ARES_GETSOCK_MAXNUM))
        var descriptors: [pollfd] = []
        while true {
            let (batch, stopping) = queue.withLock { queue in
                defer { queue.waiting.removeAll() }
                return (queue.waiting, queue.stopping)
            }
            if stopping {
                for query in batch { query.continuation.resume(returning: .failure("the resolver is stopped")) }
                break
            }
            for query in batch {
                let argument = Unmanaged.passRetained(query).toOpaque()
                query.message.withUnsafeBufferPointer { ares_send(channel, $0.baseAddress, Int32($0.count), Self.callback, argument) }
            }
            let bits = ares_getsock(channel, &sockets, ARES_GETSOCK_MAXNUM)
            descriptors.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            for index in 0..<Int(ARES_GETSOCK_MAXNUM) {
                let readable = bits & (1 << index) != 0
                let writable = bits & (1 << (index + Int(ARES_GETSOCK_MAXNUM))) != 0
                guard readable || writable else { continue }
                descriptors.append(pollfd(fd: sockets[index], events: Int16((readable ? POLLIN : 0) | (writable ? POLLOUT : 0)), revents: 0))
            }
            var next = timeval()
            var wait: Int32 = -1
            if let timeout = ares_timeout(channel, nil, &next) {
                wait = Int32(clamping: timeout.pointee.tv_sec * 1000 + (timeout.pointee.tv_usec + 999) / 1000)
            }
            _ = poll(&descriptors, nfds_t(descriptors.count), wait)
            if descriptors[0].revents != 0 {
                var drain = [UInt8](repeating: 0, count: 64)
                while read(wakeRead, &drain, drain.count) > 0 {}
            }
            for descriptor in descriptors.dropFirst() where descriptor.revents != 0 {
                let events = Int32(descriptor.revents)
                let readable = events & (POLLIN | POLLERR | POLLHUP) != 0 ? descriptor.fd : -1
                let writable = events & (POLLOUT | POLLERR | POLLHUP) != 0 ? descriptor.fd : -1
                ares_process_fd(channel, readable, writable)
            }
            ares_process_fd(channel, -1, -1)  // timeouts and retries
        }
        ares_destroy(channel)  // calls back every query in flight with ARES_EDESTRUCTION
        close(wakeRead)
        close(wakeWrite)
    }
}
