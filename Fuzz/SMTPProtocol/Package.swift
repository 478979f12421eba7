// swift-tools-version: 6.1
// The SMTPProtocol fuzzer, built only by run.sh (`--sanitize fuzzer`) so that a normal build never needs
// libFuzzer. Sources/SMTPProtocol and Sources/MailModel (its one dependency in the package) are links to the
// modules' sources, so the fuzzer tests exactly them.
import PackageDescription

let package = Package(
    name: "smtp-fuzz",
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2")
    ],
    targets: [
        .target(name: "MailModel"),
        .target(name: "SMTPProtocol", dependencies: ["MailModel", .product(name: "NIOCore", package: "swift-nio")]),
        .executableTarget(
            name: "SMTPFuzzer",
            dependencies: ["MailModel", "SMTPProtocol", .product(name: "NIOCore", package: "swift-nio")],
            // libFuzzer supplies `main`; the Swift file must not define one.
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
