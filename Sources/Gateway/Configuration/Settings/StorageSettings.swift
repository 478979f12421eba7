import Foundation
import Queue

/// Where the durable queue lives.
public struct StorageSettings: Sendable, Equatable {
    public enum Backend: Sendable, Equatable {
        /// One file, relative to the working directory unless absolute.
        case sqlite(path: String)
        /// The full URL, credentials included.
        case postgres(url: String)
    }

    public var backend: Backend
    /// How long messages whose deliveries all ended stay in the store.
    public var keepCompleted: ConfigDuration
    /// How long messages with a dead delivery stay; nil keeps them until an operator retries them.
    public var keepDead: ConfigDuration?
    /// How often retention runs.
    public var pruneInterval: ConfigDuration

    /// The URL the queue opens.
    public var url: String {
        switch backend {
        case .sqlite(let path): "sqlite://" + path
        case .postgres(let url): url
        }
    }

    init(reading reader: inout SettingsReader, profile: ConfigurationProfile, dataDirectory: String) {
        let defaultURL = "sqlite://" + dataDirectory + "/mailgate.db"
        let url = reader.secret("storage.url")
        if url != nil {
            // The URL may hold a password: show it with the password masked instead of not at all.
            if let index = reader.effective.lastIndex(where: { $0.key == "storage.url" }) {
                var shown = reader.effective[index]
                shown.value = Self.redactingPassword(url!)
                reader.replaceEffective(at: index, with: shown)
            }
        } else {
            reader.record("storage.url", defaultURL)
        }
        keepCompleted = reader.duration("storage.retention.completed", default: ConfigDuration(.seconds(7 * 86_400)))
        if reader.text("storage.retention.dead") != nil {
            keepDead = reader.duration("storage.retention.dead", default: ConfigDuration(.seconds(30 * 86_400)))
        } else {
            keepDead = nil
        }
        pruneInterval = reader.duration("storage.prune_interval", default: ConfigDuration(.seconds(600)), minimum: .seconds(1))
        let text = url ?? defaultURL
        if text.hasPrefix("sqlite://") {
            let path = String(text.dropFirst("sqlite://".count))
            if path.isEmpty { reader.report("storage.url", "the sqlite URL names no file (example: sqlite:///var/lib/mailgate/mailgate.db)") }
            backend = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            backend = .postgres(url: text)
            if text.split(separator: "/", omittingEmptySubsequences: true).count < 2 {
                reader.report("storage.url", "the postgres URL names no host")
            } else {
                // The queue parses it again when it opens; parsing here makes check-config find a bad sslmode.
                do {
                    _ = try StorageURL(parsing: text)
                } catch let error as QueueStoreError {
                    if case .invalidURL(_, let reason) = error {
                        reader.report("storage.url", reason)
                    }
                } catch {
                    reader.report("storage.url", "\(error)")
                }
            }
        } else {
            backend = .sqlite(path: "")
            reader.report("storage.url", "unsupported storage URL \"\(Self.redactingPassword(text))\": use sqlite://PATH or postgres://USER@HOST/DB")
        }
    }

    static func redactingPassword(_ url: String) -> String {
        guard let schemeEnd = url.range(of: "://") else { return url }
        let rest = url[schemeEnd.upperBound...]
        let authority = rest.prefix(while: { $0 != "/" })
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<authority.index(after: colon)]) + EffectiveSetting.redacted + String(url[at...])
    }
}
