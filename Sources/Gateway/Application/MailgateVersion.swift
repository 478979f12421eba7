/// The version in `mailgate version`, the `user-agent` of webhook requests and the SMTP greeting.
public enum MailgateVersion {
    public static let current = "0.1.0"
}
