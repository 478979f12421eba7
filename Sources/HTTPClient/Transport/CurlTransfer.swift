import CCurl
import CCurlShims
#if canImport(Glibc)
import Glibc
#endif

/// One request in flight: the easy handle, what libcurl must keep alive while it runs, and what the
/// callbacks collect.
///
/// `@unchecked Sendable`: after `CurlMultiLoop` takes it, only the loop thread touches it (libcurl calls
/// its callbacks on that thread); the continuation is resumed exactly once, by `finish`.
final class CurlTransfer: @unchecked Sendable {
    let id: UInt64
    let request: HTTPRequest
    /// Set when the request goes through the proxy: the address its host was checked and pinned to.
    let pin: DestinationPinner.Pin?
    let maxBodyBytes: Int
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private(set) var handle: UnsafeMutableRawPointer?
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var connectToList: UnsafeMutablePointer<curl_slist>?
    private var bodyBuffer: UnsafeMutableRawBufferPointer?

    var statusLineHeaders: [HTTPHeader] = []
    var body: [UInt8] = []
    var bodyTruncated = false
    var refusedDestination: (address: String, reason: String)?
    var connectedAddress = ""

    init(
        id: UInt64, request: HTTPRequest, pin: DestinationPinner.Pin?, maxBodyBytes: Int,
        continuation: CheckedContinuation<HTTPResponse, any Error>
    ) {
        self.id = id
        self.request = request
        self.pin = pin
        self.maxBodyBytes = maxBodyBytes
        self.continuation = continuation
    }

    /// Builds the easy handle. Throws for what libcurl refuses to set, before anything is sent.
    func prepare(configuration: HTTPClientConfiguration) throws(HTTPClientError) -> UnsafeMutableRawPointer {
        guard let easy = curl_easy_init() else { throw .transport(code: -1, message: "curl_easy_init failed") }
        handle = easy
        func check(_ code: CURLcode, _ what: String) throws(HTTPClientError) {
            guard code == CURLE_OK else {
                throw .invalidRequest("\(what): \(String(cString: curl_easy_strerror(code)))")
            }
        }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        try check(mg_curl_easy_setopt_string(easy, CURLOPT_URL, request.url), "url")
        // Only http and https, never a redirect: a receiver cannot send us elsewhere.
        try check(mg_curl_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"), "protocols")
        try check(mg_curl_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0), "redirects")
        try check(mg_curl_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1), "nosignal")
        try check(mg_curl_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(request.connectTimeout)), "connect timeout")
        try check(mg_curl_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, Self.milliseconds(request.timeout)), "timeout")
        try check(mg_curl_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_2TLS), "http version")
        try check(mg_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1), "verify peer")
        try check(mg_curl_easy_setopt_string(easy, CURLOPT_USERAGENT, configuration.userAgent), "user agent")
        if let pinned = configuration.pinnedCertificateFile {
            // The certificate is the only trust anchor (curl lets OpenSSL end a chain at any certificate in
            // CAINFO), so only its holder passes, whatever the URL names: the name check has nothing to add.
            try check(mg_curl_easy_setopt_string(easy, CURLOPT_CAINFO, pinned), "pinned certificate")
            try check(mg_curl_easy_setopt_string(easy, CURLOPT_CAPATH, nil), "no ca path")
            try check(mg_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0), "verify host")
        } else {
            try check(mg_curl_easy_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2), "verify host")
            if let caFile = configuration.caFile { try check(mg_curl_easy_setopt_string(easy, CURLOPT_CAINFO, caFile), "ca file") }
        }
        if let certificate = configuration.clientCertificateFile {
            try check(mg_curl_easy_setopt_string(easy, CURLOPT_SSLCERT, certificate), "client certificate")
        }
        if let key = configuration.clientKeyFile { try check(mg_curl_easy_setopt_string(easy, CURLOPT_SSLKEY, key), "client key") }

        try check(mg_curl_easy_setopt_write_function(easy, CURLOPT_WRITEFUNCTION, curlWriteBody), "write function")
        try check(mg_curl_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, opaque), "write data")
        try check(mg_curl_easy_setopt_write_function(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader), "header function")
        try check(mg_curl_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, opaque), "header data")
        try check(mg_curl_easy_setopt_opensocket_function(easy, curlOpenSocket), "open socket function")
        try check(mg_curl_easy_setopt_pointer(easy, CURLOPT_OPENSOCKETDATA, opaque), "open socket data")
        try check(mg_curl_easy_setopt_prereq_function(easy, curlBeforeRequest), "prereq function")
        try check(mg_curl_easy_setopt_pointer(easy, CURLOPT_PREREQDATA, opaque), "prereq data")
        // Left unset, libcurl takes a proxy from https_proxy, http_proxy or ALL_PROXY (and exceptions from
        // NO_PROXY), and the socket check would then judge the proxy, not the webhook: both are always set.
        try check(mg_curl_easy_setopt_string(easy, CURLOPT_NOPROXY, ""), "no proxy")
        if let pin {
            guard let proxy = configuration.proxy else { throw .invalidRequest("a pinned request needs the proxy") }
            try check(mg_curl_easy_setopt_string(easy, CURLOPT_PROXY, proxy), "proxy")
            // A tunnel for http:// too: a plain proxied request would leave the name to the proxy to resolve.
            try check(mg_curl_easy_setopt_long(easy, CURLOPT_HTTPPROXYTUNNEL, 1), "proxy tunnel")
            // `CONNECT` names the checked address; TLS still verifies the certificate for the URL's host. The
            // connect-to target is part of libcurl's connection-reuse key, so a tunnel is reused only by a
            // request pinned to the same checked address (docs/inbound.md, "Proxy"; proven by
            // CurlProxyTests.aTunnelIsReusedOnlyForTheSamePinnedAddress).
            connectToList = curl_slist_append(nil, pin.connectTo)
            try check(mg_curl_easy_setopt_slist(easy, CURLOPT_CONNECT_TO, connectToList), "connect to")
        } else {
            try check(mg_curl_easy_setopt_string(easy, CURLOPT_PROXY, ""), "proxy")
        }
        try check(mg_curl_easy_setopt_pointer(easy, CURLOPT_PRIVATE, opaque), "private")

        switch request.method {
        case .get: break
        case .head: try check(mg_curl_easy_setopt_long(easy, CURLOPT_NOBODY, 1), "head")
        case .post, .put, .delete:
            try check(mg_curl_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, request.method.rawValue), "method")
            // libcurl reads the body from our buffer without copying; it lives until `release`.
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(request.body.count, 1), alignment: 1)
            buffer.copyBytes(from: request.body)
            bodyBuffer = buffer
            try check(mg_curl_easy_setopt_off_t(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)), "body size")
            try check(mg_curl_easy_setopt_pointer(easy, CURLOPT_POSTFIELDS, buffer.baseAddress), "body")
        }

        // An empty `Expect:` stops libcurl from waiting for 100-continue on larger bodies: a round trip
        // per webhook that receivers rarely answer.
        var list: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
        for header in request.headers {
            guard !header.name.contains(where: { $0 == ":" || $0 == "\r" || $0 == "\n" }),
                  !header.value.contains(where: { $0 == "\r" || $0 == "\n" })
            else {
                curl_slist_free_all(list)
                throw .invalidRequest("header \(header.name) has a forbidden character")
            }
            list = curl_slist_append(list, "\(header.name): \(header.value)")
        }
        headerList = list
        try check(mg_curl_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, list), "headers")
        return easy
    }

    /// Completes the request from libcurl's result code. Called once, on the loop thread.
    func finish(code: CURLcode) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(with: result(code: code))
    }

    func fail(_ error: HTTPClientError) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(throwing: error)
    }

    private func result(code: CURLcode) -> Result<HTTPResponse, any Error> {
        guard let handle else { return .failure(HTTPClientError.shutDown) }
        guard code == CURLE_OK else {
            // A refused address fails the transfer only if no other address of the host was allowed.
            if let refused = refusedDestination {
                return .failure(HTTPClientError.destinationRefused(address: refused.address, reason: refused.reason))
            }
            return .failure(Self.error(for: code))
        }
        var status = 0
        _ = mg_curl_easy_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var version = 0
        _ = mg_curl_easy_getinfo_long(handle, CURLINFO_HTTP_VERSION, &version)
        return .success(HTTPResponse(
            status: status, headers: statusLineHeaders, body: body, bodyTruncated: bodyTruncated,
            httpVersion: version == CURL_HTTP_VERSION_2_0 ? "2" : "1.1", remoteAddress: connectedAddress))
    }

    static func error(for code: CURLcode) -> HTTPClientError {
        let message = String(cString: curl_easy_strerror(code))
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST: return .couldNotResolve(message)
        case CURLE_COULDNT_CONNECT: return .couldNotConnect(message)
        case CURLE_OPERATION_TIMEDOUT: return .timedOut(message)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CERTPROBLEM:
            return .tls(message)
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL: return .invalidRequest(message)
        default: return .transport(code: Int(code.rawValue), message: message)
        }
    }

    /// Frees what libcurl was given. The caller has removed the handle from the multi handle.
    func release() {
        if let handle { curl_easy_cleanup(handle) }
        handle = nil
        curl_slist_free_all(headerList)
        headerList = nil
        curl_slist_free_all(connectToList)
        connectToList = nil
        bodyBuffer?.deallocate()
        bodyBuffer = nil
    }

    private static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return max(1, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// Records a response header line; a new status line (after 1xx or between responses) starts over.
    func receiveHeaderLine(_ line: String) {
        if line.hasPrefix("HTTP/") {
            statusLineHeaders = []
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon])
        let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t\r\n")
        statusLineHeaders.append(HTTPHeader(name, value))
    }

    func receiveBody(_ chunk: UnsafeRawBufferPointer) {
        let room = maxBodyBytes - body.count
        if chunk.count > room {
            bodyTruncated = true
            body.append(contentsOf: chunk.prefix(max(room, 0)))
        } else {
            body.append(contentsOf: chunk)
        }
    }
}

private extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var slice = self
        while let first = slice.first, set.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, set.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}

// libcurl's callbacks: C function pointers that find their transfer through the user-data pointer.

private func curlWriteBody(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let data, let user else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    transfer.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
    return size * count
}

private func curlWriteHeader(_ data: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ user: UnsafeMutableRawPointer?) -> Int {
    guard let data, let user else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
    transfer.receiveHeaderLine(line)
    return size * count
}

/// Checks the address libcurl is about to connect to against the request's policy. This runs after DNS
/// resolution, for every address tried, so a name that resolves to a private address is caught
/// however it was configured (DNS rebinding included).
private func curlOpenSocket(_ user: UnsafeMutableRawPointer?, _ purpose: curlsocktype, _ address: UnsafeMutablePointer<curl_sockaddr>?) -> curl_socket_t {
    guard let user, let address else { return CURL_SOCKET_BAD }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    let family = address.pointee.family
    if let pin = transfer.pin {
        // The socket goes to the configured proxy; the destination was checked before the transfer began.
        transfer.connectedAddress = pin.address
        return socket(family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
    }
    let socketAddress = mg_curl_sockaddr_address(address)!
    var bytes: [UInt8] = []
    var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
    let addressClass: AddressClass
    if family == AF_INET {
        socketAddress.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
            var addr = v4.pointee.sin_addr
            bytes = withUnsafeBytes(of: &addr) { Array($0) }
            inet_ntop(AF_INET, &addr, &text, socklen_t(text.count))
        }
        addressClass = AddressClass.of(ipv4: bytes)
    } else if family == AF_INET6 {
        socketAddress.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
            var addr = v6.pointee.sin6_addr
            bytes = withUnsafeBytes(of: &addr) { Array($0) }
            inet_ntop(AF_INET6, &addr, &text, socklen_t(text.count))
        }
        addressClass = AddressClass.of(ipv6: bytes)
    } else {
        transfer.refusedDestination = ("family \(family)", "only IPv4 and IPv6 destinations are supported")
        return CURL_SOCKET_BAD
    }
    let addressText = String(decoding: text.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    if let reason = transfer.request.destinationPolicy.refusal(for: addressClass) {
        transfer.refusedDestination = (addressText, reason)
        return CURL_SOCKET_BAD
    }
    transfer.connectedAddress = addressText
    return socket(family, address.pointee.socktype | Int32(SOCK_CLOEXEC.rawValue), address.pointee.protocol)
}

/// Checks the address of the connection a request is about to be sent on, new or reused. libcurl reuses a
/// connection for a request to the same scheme, host and port, whatever policy the request that opened it
/// had: a connection to a private address opened for a route that allows it would otherwise carry the
/// next request of a route that does not. Through the proxy the connection is the proxy's; the tunnel's
/// target was pinned and checked before the transfer (`DestinationPinner`).
private func curlBeforeRequest(
    _ user: UnsafeMutableRawPointer?, _ primaryIP: UnsafeMutablePointer<CChar>?, _ localIP: UnsafeMutablePointer<CChar>?,
    _ primaryPort: Int32, _ localPort: Int32
) -> Int32 {
    guard let user else { return Int32(CURL_PREREQFUNC_ABORT) }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(user).takeUnretainedValue()
    if transfer.pin != nil { return Int32(CURL_PREREQFUNC_OK) }
    let address = primaryIP.map { String(cString: $0) } ?? ""
    guard let addressClass = AddressClass.of(address) else {
        transfer.refusedDestination = (address, "the connection's address is not known")
        return Int32(CURL_PREREQFUNC_ABORT)
    }
    if let reason = transfer.request.destinationPolicy.refusal(for: addressClass) {
        transfer.refusedDestination = (address, reason)
        return Int32(CURL_PREREQFUNC_ABORT)
    }
    transfer.connectedAddress = address
    return Int32(CURL_PREREQFUNC_OK)
}
