import MIME
import Testing

@Suite struct DispositionTests {
    @Test func defaults() {
        let text = """
            Content-Type: multipart/mixed; boundary=m

            --m
            Content-Type: text/plain

            body
            --m
            Content-Type: text/html

            <p>second text part, unnamed</p>
            --m
            Content-Type: text/plain; name=notes.txt

            named text
            --m
            Content-Type: image/png

            PNG
            --m
            Content-Type: image/png
            Content-Disposition: INLINE; filename=a.png

            PNG
            --m
            Content-Type: application/pdf
            Content-Disposition: x-unknown

            PDF
            --m--

            """
        let parsed = MessageParser().parse(Array(text.utf8))
        #expect(parsed.text == "body")
        #expect(parsed.html == "<p>second text part, unnamed</p>")
        #expect(parsed.attachments.map(\.disposition) == ["attachment", "attachment", "inline", "attachment"])
        #expect(parsed.attachments.map(\.filename) == ["notes.txt", nil, "a.png", nil])
    }
}
