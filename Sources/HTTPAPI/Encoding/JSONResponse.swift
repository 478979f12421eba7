import Foundation
import Hummingbird

/// The API's JSON responses: `application/json`, dates as `APITimestamp`, keys sorted so that equal
/// values give equal bytes.
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try encode(value))))
    }

    /// The bytes `make` sends, for an answer recorded before it is sent (idempotency keys).
    static func encode(_ value: some Encodable) throws -> Data {
        // A new encoder per response: cheap next to the catalog call, and nothing shared across tasks.
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(APITimestamp.format(date))
        }
        return try encoder.encode(value)
    }
}
