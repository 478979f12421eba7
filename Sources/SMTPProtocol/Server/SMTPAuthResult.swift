/// The outcome of verifying ``SMTPCredentials``.
public enum SMTPAuthResult: Hashable, Sendable {
    /// `235 2.7.0`; the name recorded as the envelope's authenticated user.
    case success(username: String)
    /// `535 5.7.8`.
    case invalidCredentials
    /// `454 4.7.0`, e.g. the user database could not be read.
    case temporaryFailure
    /// `454 4.7.0` as well: too many recent failures from this client or for this user. Told apart from
    /// ``temporaryFailure`` only for metrics and logs; the client learns nothing more.
    case lockedOut
}
