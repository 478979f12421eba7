/// Which senders an authenticated SMTP user may use when `smtp.senders` does not list it
/// (`smtp.sender_default`).
public enum SenderDefault: String, Sendable, CaseIterable {
    /// Only its own: `*@` its domain when the user name is an e-mail address, else nothing; a rule in
    /// `smtp.senders` widens it. The default of a configuration file, so a new deployment cannot be used to
    /// forge another domain's mail by any user who can log in.
    case own
    /// Any sender; a rule in `smtp.senders` narrows it to its patterns. The development instance's default.
    case any
}
