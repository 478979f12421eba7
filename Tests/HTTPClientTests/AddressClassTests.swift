import HTTPClient
import Testing

@Suite struct AddressClassTests {
    @Test(arguments: [
        ("8.8.8.8", AddressClass.publicInternet), ("1.1.1.1", .publicInternet), ("2606:4700::1111", .publicInternet),
        ("127.0.0.1", .loopback), ("127.255.0.9", .loopback), ("::1", .loopback), ("::ffff:127.0.0.1", .loopback),
        ("10.1.2.3", .privateNetwork), ("172.16.0.1", .privateNetwork), ("172.31.255.255", .privateNetwork),
        ("172.32.0.1", .publicInternet), ("192.168.1.1", .privateNetwork), ("100.64.0.1", .privateNetwork),
        ("fd00:ec2::254", .privateNetwork), ("fc00::1", .privateNetwork), ("::ffff:10.0.0.1", .privateNetwork),
        ("64:ff9b::10.0.0.1", .privateNetwork),
        ("169.254.169.254", .linkLocal), ("fe80::1", .linkLocal),
        ("0.0.0.0", .unroutable), ("::", .unroutable), ("224.0.0.1", .unroutable), ("255.255.255.255", .unroutable),
        ("ff02::1", .unroutable), ("192.0.2.1", .unroutable), ("2001:db8::1", .unroutable),
        // 192.0.0.0/24: protocol assignments (DS-Lite B4 192.0.0.2, NAT64 discovery 192.0.0.170).
        ("192.0.0.1", .unroutable), ("192.0.0.170", .unroutable), ("192.0.1.1", .publicInternet),
        // IPv4-mapped and IPv4-compatible forms are their embedded IPv4 address.
        ("::ffff:169.254.169.254", .linkLocal), ("::ffff:8.8.8.8", .publicInternet), ("::ffff:0.0.0.0", .unroutable),
        ("::127.0.0.1", .loopback), ("::10.0.0.1", .privateNetwork), ("::169.254.169.254", .linkLocal),
        ("::8.8.8.8", .publicInternet), ("::0.0.0.2", .unroutable),
        // NAT64 64:ff9b::/96 is its IPv4 address; the local-use 64:ff9b:1::/48 and the rest of 64:ff9b::/32 cannot be judged.
        ("64:ff9b::127.0.0.1", .loopback), ("64:ff9b::169.254.169.254", .linkLocal), ("64:ff9b::8.8.8.8", .publicInternet),
        ("64:ff9b:1::8.8.8.8", .unroutable), ("64:ff9b:1:ffff::1", .unroutable), ("64:ff9b:2::1", .unroutable),
        // 6to4 2002::/16 is judged by the IPv4 address in its second and third groups.
        ("2002:0a00:0001::1", .privateNetwork), ("2002:7f00:0001::1", .loopback), ("2002:a9fe:a9fe::1", .linkLocal),
        ("2002:0808:0808::1", .publicInternet), ("2002:c000:0201::1", .unroutable),
        // Teredo 2001::/32 tunnels to an obfuscated IPv4 address: refused; its neighbours are public.
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", .unroutable), ("2001::1", .unroutable), ("2001:4860::8888", .publicInternet),
        // Site-local fec0::/10 is a private network, as unique-local is; febf:: is still link-local.
        ("fec0::1", .privateNetwork), ("feff:ffff::1", .privateNetwork), ("febf::1", .linkLocal),
    ])
    func classifies(address: String, expected: AddressClass) {
        #expect(AddressClass.of(address) == expected)
    }

    @Test func notAnAddress() {
        #expect(AddressClass.of("example.com") == nil)
    }

    @Test func policyRefusesByDefaultAndAllowsWhatItNames() {
        #expect(DestinationPolicy.publicOnly.refusal(for: .publicInternet) == nil)
        for addressClass in [AddressClass.loopback, .privateNetwork, .linkLocal, .unroutable] {
            #expect(DestinationPolicy.publicOnly.refusal(for: addressClass) != nil)
        }
        #expect(DestinationPolicy(allowLoopback: true).refusal(for: .loopback) == nil)
        #expect(DestinationPolicy(allowLoopback: true).refusal(for: .privateNetwork) != nil)
        #expect(DestinationPolicy.anywhere.refusal(for: .unroutable) != nil, "never")
    }
}
