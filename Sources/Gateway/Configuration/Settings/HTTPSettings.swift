/// The HTTP side: the REST API, health and metrics.
public struct HTTPSettings: Sendable, Equatable {
    public var listener: ListenerSettings
    /// `http.tls`: with it every route of the API's listener (and the metrics listener, if any) is served over
    /// TLS only; without it, plain HTTP, for a TLS-terminating proxy in front or a private network.
    public var tls: TLSFileSettings?
    /// Lines `name:sha256-of-key:scope,scope`. Without one, every API call is refused with 401.
    public var apiKeysFile: String?
    /// The largest request body the API reads (a send request with its attachments in base64); larger ones get
    /// 413 before they are read whole.
    public var maxRequestSize: ByteSize
    /// Per API key name, the senders it may use; a key without a rule may use any.
    public var keySenders: [SenderRule]
    public var rateLimits: RateLimitSettings

    init(reading reader: inout SettingsReader, profile: ConfigurationProfile, dataDirectory: String) {
        let development = profile == .development
        let address = reader.string("http.address", default: development ? "127.0.0.1" : "0.0.0.0")
        let port = reader.port("http.port", default: 8080)
        listener = ListenerSettings(enabled: true, address: address, port: port)
        if !ListenerSettings.isValidAddress(address) {
            reader.report("http.address", "\"\(address)\" is not an IP address or host name")
        }
        tls = Self.tls(reading: &reader)
        maxRequestSize = reader.byteSize(
            "http.max_request_size", default: ByteSize(bytes: 40 * 1024 * 1024),
            range: ByteSize(bytes: 1024)...ByteSize(bytes: 1024 * 1024 * 1024))
        keySenders = SenderRule.rules(reading: &reader, list: "http.key_senders", ownerField: "key")
        rateLimits = RateLimitSettings(reading: &reader)
        if let file = reader.optionalString("http.api_keys_file") {
            apiKeysFile = file
        } else if development {
            apiKeysFile = dataDirectory + "/api-keys"
            reader.record("http.api_keys_file", apiKeysFile!)
        } else {
            apiKeysFile = nil
        }
        if let apiKeysFile { reader.checkSecretFile("http.api_keys_file", path: apiKeysFile) }
    }

    /// Both files or neither: there is no generated certificate for HTTP (the development instance serves plain
    /// HTTP on loopback).
    private static func tls(reading reader: inout SettingsReader) -> TLSFileSettings? {
        switch (reader.optionalString("http.tls.certificate"), reader.optionalString("http.tls.key")) {
        case (let certificate?, let key?):
            let files = TLSFileSettings(certificatePath: certificate, keyPath: key)
            reader.checkSecretFile("http.tls.key", path: key)
            files.checkLoadable(&reader, key: "http.tls")
            return files
        case (nil, nil):
            return nil
        case (_, nil):
            reader.report("http.tls.key", "http.tls.certificate is set but http.tls.key is not")
            return nil
        case (nil, _):
            reader.report("http.tls.certificate", "http.tls.key is set but http.tls.certificate is not")
            return nil
        }
    }
}
