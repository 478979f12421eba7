extension MailAddress {
    /// One mailbox as a person writes it: `Name <local@domain>`, `"Quoted, Name" <local@domain>` or a bare
    /// `local@domain`. Nil for anything else (a list, a group, no address), so that a send request's single
    /// `from` cannot smuggle a second mailbox in. The address itself is not validated here; the caller checks
    /// it against the RFC 5321 grammar it will be relayed with.
    public init?(parsingMailbox text: String) {
        let addresses = AddressListParser.parse(text)
        guard addresses.count == 1, let address = addresses.first, !address.address.isEmpty,
            !text.contains(","), !text.contains(";")
        else { return nil }
        self = address
    }
}
