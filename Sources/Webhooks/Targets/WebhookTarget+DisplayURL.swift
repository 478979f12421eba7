import Foundation

extension WebhookTarget {
    /// The URL as the API shows it: without user information, query and fragment, where tokens are put.
    public var displayURL: String {
        guard var components = URLComponents(string: url) else { return "<unparseable URL>" }
        components.user = nil
        components.password = nil
        components.query = nil
        components.fragment = nil
        return components.string ?? "<unparseable URL>"
    }
}
