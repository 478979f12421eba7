// swift-tools-version: 6.2
// The DKIM verification benchmark (package-benchmark), a package of its own so that the gateway's build never
// needs the benchmark's dependencies. Sources/ holds links to the modules' sources (DKIM and what it imports), so
// the benchmark measures exactly them. Run: `swift package --package-path Benchmarks/DKIMVerify benchmark`.
import PackageDescription

let package = Package(
    name: "dkim-benchmark",
    platforms: [.macOS(.v15)],
    dependencies: [
        // Without the RuntimeInterposer trait, which needs a package not available here.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"])
    ],
    targets: [
        .systemLibrary(name: "COpenSSL", pkgConfig: "openssl"),
        .target(name: "MailModel"),
        .target(name: "MIME", dependencies: ["MailModel"]),
        .target(name: "Digests", dependencies: ["COpenSSL"]),
        .target(name: "DKIM", dependencies: ["COpenSSL", "Digests", "MIME"]),
        .executableTarget(
            name: "DKIMVerification",
            dependencies: ["DKIM", "MIME", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/DKIMVerification",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
