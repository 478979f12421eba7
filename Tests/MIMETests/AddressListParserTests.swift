@testable import MIME
import Testing

@Suite struct AddressListParserTests {
    static func a(_ name: String?, _ address: String) -> MailAddress { MailAddress(name: name, address: address) }

    @Test(arguments: [
        ("alice@example.com", [a(nil, "alice@example.com")]),
        ("Alice Example <alice@example.com>", [a("Alice Example", "alice@example.com")]),
        ("\"Doe, John\" <john@example.com>, bob@example.org", [a("Doe, John", "john@example.com"), a(nil, "bob@example.org")]),
        ("<bare@example.com>", [a(nil, "bare@example.com")]),
        ("john@example.com (John Doe)", [a("John Doe", "john@example.com")]),
        ("John (middle) Doe <john@example.com>", [a("John Doe", "john@example.com")]),
        ("=?utf-8?q?J=C3=BCrgen?= <j@example.de>", [a("Jürgen", "j@example.de")]),
        ("=?utf-8?q?J=C3=BCr?= =?utf-8?q?gen?= Smith <j@example.de>", [a("Jürgen Smith", "j@example.de")]),
        ("\"=?utf-8?B?TWFyw61h?=\" <maria@example.es>", [a("María", "maria@example.es")]),
        ("undisclosed-recipients:;", []),
        ("Team: alice@example.com, Bob <bob@example.com>;, carol@example.com",
         [a(nil, "alice@example.com"), a("Bob", "bob@example.com"), a(nil, "carol@example.com")]),
        ("\"john doe\"@example.com", [a(nil, "\"john doe\"@example.com")]),
        ("\"john\"@example.com", [a(nil, "john@example.com")]),
        ("Mary <@route1.example,@route2.example:mary@x.test>", [a("Mary", "mary@x.test")]),
        ("John Q. Public <jqp@example.com>", [a("John Q. Public", "jqp@example.com")]),
        ("用户 <用户@例子.广告>", [a("用户", "用户@例子.广告")]),
        ("josé@bücher.example", [a(nil, "josé@bücher.example")]),
        ("user@[192.0.2.1]", [a(nil, "user@[192.0.2.1]")]),
        ("a@b.example,,, ,c@d.example", [a(nil, "a@b.example"), a(nil, "c@d.example")]),
        ("\"unterminated <x@y.example>", [a(nil, "unterminated <x@y.example>")]),
        ("Name <unterminated@example.com", [a("Name", "unterminated@example.com")]),
        ("john . doe @ example . com", [a(nil, "john.doe@example.com")]),
    ])
    func parses(input: String, expected: [MailAddress]) {
        #expect(AddressListParser.parse(input) == expected)
    }
}
