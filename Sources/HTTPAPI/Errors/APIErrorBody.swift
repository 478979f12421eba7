/// The JSON of an error response. `field` is written as null when there is none, so clients can
/// rely on the key.
struct APIErrorBody: Encodable {
    struct Detail: Encodable {
        var code: String
        var message: String
        var field: String?
        var requestID: String

        enum CodingKeys: String, CodingKey {
            case code, message, field
            case requestID = "request_id"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(message, forKey: .message)
            try container.encode(field, forKey: .field)
            try container.encode(requestID, forKey: .requestID)
        }
    }

    var error: Detail

    init(_ error: APIError, requestID: String) {
        self.error = Detail(code: error.code, message: error.message, field: error.field, requestID: requestID)
    }
}
