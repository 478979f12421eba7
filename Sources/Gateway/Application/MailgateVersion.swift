/// The version in `mailgate version`, the `user-agent` of webhook requests, the startup log line and the
/// effective configuration's header. The SMTP greeting does not carry it: clients have no use for it.
public enum MailgateVersion {
    public static let current = "0.1.0"
}
