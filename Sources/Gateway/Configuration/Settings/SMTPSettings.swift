import Inbound

/// The SMTP side: listeners, their certificate, the users allowed to submit, and message limits.
public struct SMTPSettings: Sendable, Equatable {
    public var submission: ListenerSettings
    public var submissions: ListenerSettings
    public var inbound: ListenerSettings
    /// nil only in a development instance before its certificate is generated.
    public var tls: TLSFileSettings?
    public var usersFile: String?
    public var maxMessageSize: ByteSize
    public var maxRecipients: Int
    /// Connections per listener, and per client IP on each listener; beyond them, 421 4.7.0.
    public var maxConnections: Int
    public var maxConnectionsPerIP: Int
    /// RFC 5321 4.5.3.2: how long to wait for a command, and for more data inside DATA.
    public var commandTimeout: ConfigDuration
    public var dataTimeout: ConfigDuration
    /// The minimum command rate: how long one command line may take once its first octet is in.
    public var commandLineTimeout: ConfigDuration
    /// How long a session may last before it is closed between messages.
    public var maxSessionDuration: ConfigDuration
    /// Octets per second a client must average while sending a message body; 0 disables the check.
    public var minDataRate: ByteSize
    /// Per-user allowed senders: narrow `any`, widen `own`.
    public var senders: [SenderRule]
    /// What users without a rule in `senders` may use: their own domain (production) or anything (development).
    public var senderDefault: SenderDefault
    /// Name the authenticated user in the `Received:` header every recipient sees.
    public var receivedAuthUser: Bool
    /// The IPv6 network the AUTH throttle counts as one client.
    public var authThrottleIPv6Prefix: Int

    public var listeners: [(name: String, settings: ListenerSettings)] {
        [("smtp.submission", submission), ("smtp.submissions", submissions), ("smtp.inbound", inbound)]
    }

    init(reading reader: inout SettingsReader, profile: ConfigurationProfile, dataDirectory: String) {
        let development = profile == .development
        let bindAll = development ? "127.0.0.1" : "0.0.0.0"
        submission = ListenerSettings(
            reading: &reader, key: "smtp.submission", enabled: true, address: bindAll, port: development ? 2587 : 587)
        submissions = ListenerSettings(
            reading: &reader, key: "smtp.submissions", enabled: true, address: bindAll, port: development ? 2465 : 465)
        inbound = ListenerSettings(
            reading: &reader, key: "smtp.inbound", enabled: false, address: bindAll, port: development ? 2525 : 25)

        let certificate = reader.optionalString("smtp.tls.certificate")
        let key = reader.optionalString("smtp.tls.key")
        switch (certificate, key) {
        case (let certificate?, let key?):
            tls = TLSFileSettings(certificatePath: certificate, keyPath: key)
            reader.checkSecretFile("smtp.tls.key", path: key)
        case (nil, nil):
            if development {
                tls = TLSFileSettings(certificatePath: dataDirectory + "/tls.crt", keyPath: dataDirectory + "/tls.key")
                reader.record("smtp.tls.certificate", tls!.certificatePath)
                reader.record("smtp.tls.key", tls!.keyPath)
                reader.checkSecretFile("smtp.tls.key", path: tls!.keyPath)
            } else {
                tls = nil
                if submission.enabled || submissions.enabled {
                    reader.report(
                        "smtp.tls.certificate",
                        "a certificate and key are required: port 587 offers STARTTLS and port 465 is TLS only (set smtp.tls.certificate and smtp.tls.key, or disable both listeners)")
                }
            }
        case (_, nil):
            tls = nil
            reader.report("smtp.tls.key", "smtp.tls.certificate is set but smtp.tls.key is not")
        case (nil, _):
            tls = nil
            reader.report("smtp.tls.certificate", "smtp.tls.key is set but smtp.tls.certificate is not")
        }

        if let file = reader.optionalString("smtp.users_file") {
            usersFile = file
            reader.checkSecretFile("smtp.users_file", path: file)
        } else if development {
            usersFile = dataDirectory + "/users"
            reader.record("smtp.users_file", usersFile!)
            reader.checkSecretFile("smtp.users_file", path: usersFile!)
        } else {
            usersFile = nil
            if submission.enabled || submissions.enabled {
                reader.report("smtp.users_file", "required: the submission listeners accept mail only from authenticated users")
            }
        }
        maxMessageSize = reader.byteSize(
            "smtp.max_message_size", default: ByteSize(bytes: 25 << 20),
            range: ByteSize(bytes: 1 << 10)...ByteSize(bytes: 1 << 30))
        maxRecipients = reader.int("smtp.max_recipients", default: 100, range: 1...10_000)
        maxConnections = reader.int("smtp.max_connections", default: 10_000, range: 1...1_000_000)
        maxConnectionsPerIP = reader.int("smtp.max_connections_per_ip", default: 100, range: 1...1_000_000)
        commandTimeout = reader.duration("smtp.command_timeout", default: ConfigDuration(.seconds(300)), minimum: .seconds(1))
        dataTimeout = reader.duration("smtp.data_timeout", default: ConfigDuration(.seconds(180)), minimum: .seconds(1))
        commandLineTimeout = reader.duration("smtp.command_line_timeout", default: ConfigDuration(.seconds(30)), minimum: .seconds(1))
        maxSessionDuration = reader.duration("smtp.max_session_duration", default: ConfigDuration(.seconds(600)), minimum: .seconds(1))
        minDataRate = reader.byteSize(
            "smtp.min_data_rate", default: ByteSize(bytes: 1024), range: ByteSize(bytes: 0)...ByteSize(bytes: 1 << 30))
        senders = SenderRule.rules(reading: &reader, list: "smtp.senders", ownerField: "user")
        senderDefault = reader.choice("smtp.sender_default", default: development ? .any : .own)
        receivedAuthUser = reader.bool("smtp.received_auth_user", default: false)
        authThrottleIPv6Prefix = reader.int("smtp.auth_throttle.ipv6_prefix", default: 64, range: 32...128)
    }
}
