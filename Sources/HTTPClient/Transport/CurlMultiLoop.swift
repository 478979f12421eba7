import CCurl
import CCurlShims
import Foundation
import Synchronization

/// The thread that owns libcurl's multi handle. libcurl handles are not thread-safe, so every call on
/// them happens here; other threads only queue commands and wake the loop with `curl_multi_wakeup`.
final class CurlMultiLoop: Sendable {
    enum Command {
        case start(CurlTransfer)
        case cancel(UInt64)
        case shutdown
    }

    private struct Shared {
        var commands: [Command] = []
        var stopped = false
    }

    private let shared = Mutex(Shared())
    private let configuration: HTTPClientConfiguration
    /// Set once in `init`, freed by the loop thread on exit; `curl_multi_wakeup` is the one call that
    /// other threads may make on it, and only until `stopped` is set.
    private nonisolated(unsafe) let multi: UnsafeMutableRawPointer
    private let finished = DispatchSemaphore(value: 0)

    init(configuration: HTTPClientConfiguration) {
        CurlGlobal.initialize()
        self.configuration = configuration
        multi = curl_multi_init()
        _ = mg_curl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        _ = mg_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, configuration.maxConnectionsPerHost)
        let thread = Thread { [self] in run() }
        thread.name = "mailgate-curl"
        thread.start()
    }

    /// Queues a command; false if the loop has stopped.
    @discardableResult
    func send(_ command: Command) -> Bool {
        let accepted = shared.withLock { state -> Bool in
            guard !state.stopped else { return false }
            state.commands.append(command)
            // Waking while holding the lock keeps the loop from freeing the handle in between.
            curl_multi_wakeup(multi)
            return true
        }
        return accepted
    }

    func waitUntilStopped() {
        finished.wait()
        finished.signal()
    }

    private func run() {
        var active: [UInt64: CurlTransfer] = [:]
        var stopping = false
        while true {
            let commands = shared.withLock { state in
                defer { state.commands = [] }
                return state.commands
            }
            for command in commands {
                switch command {
                case .start(let transfer):
                    if stopping {
                        transfer.fail(.shutDown)
                        continue
                    }
                    do {
                        let easy = try transfer.prepare(configuration: configuration)
                        curl_multi_add_handle(multi, easy)
                        active[transfer.id] = transfer
                    } catch {
                        transfer.fail(error)
                        transfer.release()
                    }
                case .cancel(let id):
                    if let transfer = active.removeValue(forKey: id) {
                        curl_multi_remove_handle(multi, transfer.handle)
                        transfer.fail(.cancelled)
                        transfer.release()
                    }
                case .shutdown:
                    stopping = true
                }
            }
            if stopping && active.isEmpty { break }

            var running: Int32 = 0
            curl_multi_perform(multi, &running)
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                var pointer: UnsafeMutableRawPointer?
                _ = mg_curl_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &pointer)
                let code = mg_curl_msg_result(message)
                guard let pointer else { continue }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(pointer).takeUnretainedValue()
                curl_multi_remove_handle(multi, easy)
                active.removeValue(forKey: transfer.id)
                transfer.finish(code: code)
                transfer.release()
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        shared.withLock { state in
            state.stopped = true
            for case .start(let transfer) in state.commands { transfer.fail(.shutDown) }
            state.commands = []
        }
        curl_multi_cleanup(multi)
        finished.signal()
    }
}
