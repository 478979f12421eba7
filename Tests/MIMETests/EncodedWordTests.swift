@testable import MIME
import Testing

@Suite struct EncodedWordTests {
    @Test(arguments: [
        ("=?utf-8?q?caf=C3=A9?=", "café"),
        ("=?UTF-8?B?Y2Fmw6k=?=", "café"),
        ("=?iso-8859-1?q?a_b?=", "a b"),
        ("=?ISO-8859-1?Q?a?= b", "a b"),
        ("=?ISO-8859-1?Q?a?= =?ISO-8859-1?Q?b?=", "ab"),
        ("=?ISO-8859-1?Q?a?=  \r\n  =?ISO-8859-2?Q?_b?=", "a b"),
        ("=?ISO-8859-1?Q?a_?= =?ISO-8859-1?Q?b?=", "a b"),
        ("Re: =?utf-8?q?x?= and more", "Re: x and more"),
        // A UTF-8 character split across two words is joined before decoding.
        ("=?utf-8?B?4oI=?= =?utf-8?B?rA==?=", "€"),
        ("=?utf-8?q?=E2=82?= =?utf-8?q?=AC?=", "€"),
        // RFC 2231 language suffix.
        ("=?US-ASCII*EN?Q?Keith_Moore?=", "Keith Moore"),
        // Broken: left readable.
        ("=?utf-8?q?no end", "=?utf-8?q?no end"),
        ("=?utf-8?x?bad encoding?=", "=?utf-8?x?bad encoding?="),
        ("=??q?empty?=", "=??q?empty?="),
        ("=?utf-8?q?half words?=", "=?utf-8?q?half words?="),
        ("plain text", "plain text"),
        ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
        ("=?ISO-2022-JP?B?GyRCJUYlOSVIGyhC?=", "テスト"),
        ("=?shift_jis?B?g2WDWINn?=", "テスト"),
        ("=?gb2312?B?xOO6ww==?=", "你好"),
        ("=?big5?B?pKSk5Q==?=", "中文"),
        ("=?windows-1252?Q?=80?=", "€"),
        ("=?euc-kr?B?x9GxuQ==?=", "한국"),
        // Unknown charset: bytes sniffed (UTF-8, else Windows-1252) instead of dropped.
        ("=?x-unknown?q?caf=C3=A9?=", "café"),
        ("=?utf-8?q?a?=b", "ab"),
        ("=?utf-8?b?YWJj?==?utf-8?b?ZGVm?=", "abcdef"),
        ("=?utf-8?q?bad_=ZZ_escape?=", "bad =ZZ escape"),
    ])
    func decodes(input: String, expected: String) {
        #expect(EncodedWordDecoder.decode(input) == expected)
    }
}
