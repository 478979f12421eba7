import Testing
import Webhooks

@Suite struct InboundDeliveryPayloadTests {
    @Test(arguments: [
        InboundDeliveryPayload(route: "support", webhook: 0),
        InboundDeliveryPayload(route: "billing \"eu\" / 😀", webhook: 3),
        InboundDeliveryPayload(route: "", webhook: 12),
    ])
    func roundTrips(payload: InboundDeliveryPayload) {
        #expect(InboundDeliveryPayload.decode(payload.encoded()) == payload)
    }

    @Test func labelNamesRouteAndIndex() {
        #expect(InboundDeliveryPayload(route: "support", webhook: 2).label == "support#2")
    }

    @Test(arguments: [
        "",
        "null",
        "{}",
        #"{"route":"a"}"#,
        #"{"webhook":1}"#,
        #"{"route":1,"webhook":1}"#,
        #"{"route":"a","webhook":"1"}"#,
        #"["a",1]"#,
        "job 0",
        "{\"route\":\"a\",\"webhook\":1",
    ])
    func garbageDecodesToNil(text: String) {
        #expect(InboundDeliveryPayload.decode(Array(text.utf8)) == nil)
    }

    @Test func binaryGarbageDecodesToNil() {
        #expect(InboundDeliveryPayload.decode([0xff, 0x00, 0x7b]) == nil)
    }
}
