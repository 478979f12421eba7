@testable import MIME
import Testing

@Suite struct FlowedTextDecoderTests {
    @Test(arguments: [
        ("fixed line\n", false, "fixed line\n"),
        ("This is a \nflowed paragraph.\nNext.\n", false, "This is a flowed paragraph.\nNext.\n"),
        ("Delsp remo \nves the space.\n", true, "Delsp removes the space.\n"),
        ("> quoted \n> flowed\n>> deeper \n>> too\n", false, "> quoted flowed\n>> deeper too\n"),
        ("> quote ends \nwith depth change\n", false, "> quote ends \nwith depth change\n"),
        (" From stuffed\n  two spaces\n", false, "From stuffed\n two spaces\n"),
        ("body \n-- \nsig\n", false, "body \n-- \nsig\n"),
        ("no final newline \ncontinued", false, "no final newline continued"),
        ("", false, ""),
    ])
    func decodes(input: String, deleteSpace: Bool, expected: String) {
        #expect(FlowedTextDecoder.decode(input, deleteSpace: deleteSpace) == expected)
    }

    @Test func appliedToFlowedBodies() {
        let message = "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\n\nHello wor \nld.\n"
        #expect(MessageParser().parse(Array(message.utf8)).text == "Hello world.\n")
        let fixed = "Content-Type: text/plain; charset=utf-8\n\nHello wor \nld.\n"
        #expect(MessageParser().parse(Array(fixed.utf8)).text == "Hello wor \nld.\n")
    }
}
