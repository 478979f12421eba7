/// Why a value was refused, as the operator reads it after the key path.
struct SettingMessage: Error, ExpressibleByStringInterpolation {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    init(stringLiteral value: String) {
        text = value
    }
}
