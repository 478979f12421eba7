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
