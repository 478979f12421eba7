import Foundation
import Synchronization

/// HTTP requests through libcurl's multi interface: connections are reused, HTTP/2 is used where the
/// server offers it, and no event-loop thread ever blocks, since libcurl runs on its own thread.
public final class CurlHTTPClient: Sendable {
    private let loop: CurlMultiLoop
    private let configuration: HTTPClientConfiguration
    private let nextID = Atomic<UInt64>(1)
    private let pinner: DestinationPinner

    public convenience init(configuration: HTTPClientConfiguration) {
        self.init(configuration: configuration, pinner: .system)
    }

    /// `pinner` resolves the hosts of requests sent through the proxy; tests give their own.
    init(configuration: HTTPClientConfiguration, pinner: DestinationPinner) {
        self.configuration = configuration
        self.pinner = pinner
        loop = CurlMultiLoop(configuration: configuration)
    }

    /// Sends the request and returns the final response, whatever its status. Throws `HTTPClientError`
    /// when there is no response; cancelling the task aborts the transfer.
    public func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        // Through a proxy the destination is checked here, before libcurl (and the proxy) sees the request.
        let pin = configuration.proxy == nil ? nil : try await pinner.pin(request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let transfer = CurlTransfer(
                    id: id, request: request, pin: pin, maxBodyBytes: configuration.maxResponseBodyBytes,
                    continuation: continuation)
                guard !Task.isCancelled else { return transfer.fail(.cancelled) }
                guard loop.send(.start(transfer)) else { return transfer.fail(.shutDown) }
                // A cancellation between the check above and the send queued its cancel before the
                // start, where the loop ignores it: queue it again, behind the start.
                if Task.isCancelled { loop.send(.cancel(id)) }
            }
        } onCancel: {
            loop.send(.cancel(id))
        }
    }

    /// Lets transfers in flight finish, refuses new ones, and stops libcurl's thread.
    public func shutdown() async {
        loop.send(.shutdown)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            // The wait is short (transfers in flight are bounded by their timeouts) and happens off the
            // cooperative pool so no Swift concurrency thread is blocked.
            Thread.detachNewThread { [loop] in
                loop.waitUntilStopped()
                continuation.resume()
            }
        }
    }
}
