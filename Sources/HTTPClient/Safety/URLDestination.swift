import CCurl

/// The host and port a request URL names, read by libcurl's own URL parser: what the policy judges must be
/// what libcurl connects to, and two parsers can disagree on a crafted URL.
public struct URLDestination: Sendable, Equatable {
    /// A name, or an IP address without the brackets of an IPv6 literal.
    public var host: String
    /// The URL's port, or its scheme's default.
    public var port: Int

    public init?(url: String) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        func part(_ what: CURLUPart, flags: Int32 = 0) -> String? {
            var pointer: UnsafeMutablePointer<CChar>?
            guard curl_url_get(handle, what, &pointer, UInt32(flags)) == CURLUE_OK, let pointer else { return nil }
            defer { curl_free(pointer) }
            return String(cString: pointer)
        }
        guard let host = part(CURLUPART_HOST), !host.isEmpty,
              let portText = part(CURLUPART_PORT, flags: CURLU_DEFAULT_PORT), let port = Int(portText)
        else { return nil }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = port
    }

    /// How libcurl's `CURLOPT_CONNECT_TO` and a proxy's `CONNECT` write an address: IPv6 in brackets.
    static func authorityHost(_ address: String) -> String {
        address.contains(":") ? "[\(address)]" : address
    }
}
