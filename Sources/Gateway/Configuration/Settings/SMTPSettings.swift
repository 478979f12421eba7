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
    /// Octets per second a client must average while sending a message body; 0 disables the check.
    public var minDataRate: ByteSize
    /// Per-user allowed envelope senders; a user without a rule may use any sender.
    public var senders: [SenderRule]

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
        case (nil, nil):
            if development {
                tls = TLSFileSettings(certificatePath: dataDirectory + "/tls.crt", keyPath: dataDirectory + "/tls.key")
                reader.record("smtp.tls.certificate", tls!.certificatePath)
                reader.record("smtp.tls.key", tls!.keyPath)
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
        } else if development {
            usersFile = dataDirectory + "/users"
            reader.record("smtp.users_file", usersFile!)
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
        minDataRate = reader.byteSize(
            "smtp.min_data_rate", default: ByteSize(bytes: 1024), range: ByteSize(bytes: 0)...ByteSize(bytes: 1 << 30))
        senders = SenderRule.rules(reading: &reader, list: "smtp.senders", ownerField: "user")
    }
}
