/// When the POST happens relative to the SMTP reply.
public enum WebhookMode: String, Sendable, CaseIterable {
    /// 250 after the durable commit, then POST with retries.
    case queued
    /// POST before answering DATA; the receiver's answer becomes the SMTP reply.
    case sync
}
