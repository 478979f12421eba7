import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Chooses the address a request sent through a proxy goes to. Through a proxy libcurl connects only to
/// the proxy, so the socket check never sees the webhook's addresses; the host is resolved here, judged by
/// the request's policy, and the tunnel is pinned to the address that passed (`CONNECT address:port`), so
/// the proxy cannot resolve the name to something else. A refused host never reaches the proxy.
struct DestinationPinner: Sendable {
    struct Pin: Sendable, Equatable {
        var port: Int
        /// The checked address, as text (IPv6 without brackets).
        var address: String

        /// The `CURLOPT_CONNECT_TO` entry: any host and port of this handle's URL goes to the checked address.
        var connectTo: String { "::\(URLDestination.authorityHost(address)):\(port)" }
    }

    /// A host's addresses as text; a literal gives itself.
    let resolve: @Sendable (String) async throws(HTTPClientError) -> [String]

    func pin(_ request: HTTPRequest) async throws(HTTPClientError) -> Pin {
        guard let destination = URLDestination(url: request.url) else { throw .invalidRequest("the URL names no host") }
        let addresses = try await resolve(destination.host)
        var firstRefusal: (address: String, reason: String)?
        for address in addresses {
            guard let addressClass = AddressClass.of(address) else { continue }
            if let reason = request.destinationPolicy.refusal(for: addressClass) {
                if firstRefusal == nil { firstRefusal = (address, reason) }
                continue
            }
            return Pin(port: destination.port, address: address)
        }
        if let firstRefusal { throw .destinationRefused(address: firstRefusal.address, reason: firstRefusal.reason) }
        throw .couldNotResolve("\(destination.host) has no address")
    }

    /// getaddrinfo, on a thread of its own: it blocks, and must not hold a cooperative-pool thread.
    static let system = DestinationPinner { host throws(HTTPClientError) in
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<[String], HTTPClientError>, Never>) in
            Thread.detachNewThread { continuation.resume(returning: addresses(of: host)) }
        }
        return try result.get()
    }

    static func addresses(of host: String) -> Result<[String], HTTPClientError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, nil, &hints, &list)
        guard status == 0 else { return .failure(.couldNotResolve("\(host): \(String(cString: gai_strerror(status)))")) }
        defer { freeaddrinfo(list) }
        var addresses: [String] = []
        var entry = list
        while let current = entry {
            var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
            if let address = current.pointee.ai_addr {
                switch current.pointee.ai_family {
                case AF_INET:
                    address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                        var raw = v4.pointee.sin_addr
                        _ = inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                    }
                case AF_INET6:
                    address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                        var raw = v6.pointee.sin6_addr
                        _ = inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                    }
                default: break
                }
            }
            let address = String(decoding: text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if !address.isEmpty && !addresses.contains(address) { addresses.append(address) }
            entry = current.pointee.ai_next
        }
        return .success(addresses)
    }
}
