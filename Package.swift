// swift-tools-version: 6.2
// The module layout is the contract in ../shared/DESIGN.md: pure protocol code at the bottom,
// I/O in the middle, wiring (`Gateway`) and the command line (`mailgate`) at the top.

import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "mailgate",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "mailgate", targets: ["mailgate"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
    ],
    targets: [
        // System libraries and the C shims for their macros and variadic functions.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "COpenSSLShims", dependencies: ["COpenSSL"]),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "CCurlShims", dependencies: ["CCurl"]),
        .systemLibrary(
            name: "CAres",
            pkgConfig: "libcares",
            providers: [.apt(["libc-ares-dev"])]
        ),
        .systemLibrary(
            name: "CCrypt",
            pkgConfig: "libxcrypt",
            providers: [.apt(["libcrypt-dev"])]
        ),

        // Mail authentication (SPF; DMARC and ARC later): pure algorithms over the DNS protocol they declare.
        .target(
            name: "MailAuth",
            swiftSettings: strictSettings
        ),
        // The DNS resolver: c-ares on one thread of its own, a TTL cache, MailAuth's DNS protocol.
        .target(
            name: "DNS",
            dependencies: ["CAres", "MailAuth"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Digests",
            dependencies: ["COpenSSL"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "TLS",
            dependencies: [
                "COpenSSL",
                "MailModel",
                "COpenSSLShims",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HTTPClient",
            dependencies: ["CCurl", "CCurlShims"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Webhooks",
            dependencies: [
                "Digests", "HTTPClient", "MailModel", "MIME", "Queue",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        // The envelope and the TLS parameters every layer shares (ARCHITECTURE.md): no dependencies.
        .target(
            name: "MailModel",
            swiftSettings: strictSettings
        ),
        .target(
            name: "MIME",
            dependencies: ["MailModel"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SMTPProtocol",
            dependencies: ["MailModel", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Queue",
            dependencies: [
                "MailModel",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SMTPServer",
            dependencies: [
                "CCrypt",
                "MailModel",
                "MIME",
                "Queue",
                "SMTPProtocol",
                "TLS",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Inbound",
            dependencies: [
                "MailModel", "MIME", "Queue", "SMTPProtocol", "SMTPServer", "Webhooks",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SMTPClient",
            dependencies: [
                "MailModel",
                "SMTPProtocol",
                "TLS",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SMTPClientTests",
            dependencies: [
                "SMTPClient", "SMTPProtocol", "TLS", "MailgateTestSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["aiosmtpd_server.py"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "HTTPAPI",
            dependencies: [
                "Digests",
                "MailModel",
                "MIME",
                "Outbound",
                "Queue",
                // `http.tls`: our TLS handler first in each connection's pipeline (TLSServerChildChannel).
                "TLS",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                "MailgateAPI",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        // Types and the server protocol generated from OpenAPI/openapi.yaml (linked in as the plugin's input),
        // shared by HTTPAPI (which serves them) and Gateway (which fills them).
        .target(
            name: "MailgateAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            swiftSettings: strictSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The outbound domain: send requests into built messages and `outbound.relay` jobs, the relay
        // worker's decision per recipient, recipient status (ARCHITECTURE.md).
        .target(
            name: "Outbound",
            dependencies: [
                "DKIM", "MailModel", "MIME", "Queue", "SMTPClient", "SMTPProtocol", "Webhooks",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "Gateway",
            dependencies: [
                "Digests",
                "DKIM",
                "DNS",
                "HTTPAPI",
                "HTTPClient",
                "Inbound",
                "MailgateAPI",
                "MailModel",
                "MIME",
                "Outbound",
                "Queue",
                "SMTPClient",
                "SMTPProtocol",
                "Webhooks",
                "SMTPServer",
                "TLS",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "mailgate",
            dependencies: [
                "Gateway",
                "SMTPClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),

        .target(
            name: "MailgateTestSupport",
            path: "Tests/MailgateTestSupport",
            exclude: ["connect_proxy.py"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "Gateway", "DKIM", "HTTPAPI", "Outbound", "HTTPClient", "Queue", "SMTPServer", "SMTPProtocol", "Webhooks", "MailgateTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: [
                "HTTPAPI", "MailgateAPI", "MIME", "Outbound", "Queue",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HTTPClientTests",
            dependencies: ["HTTPClient", "MailgateTestSupport"],
            exclude: ["http_test_server.py"],
            swiftSettings: strictSettings
        ),
        // Benchmarks: executables run by the commands in BENCHMARKS.md, beside their peers.
        .executableTarget(
            name: "TLSBenchmark",
            dependencies: [
                "TLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/TLSBenchmark",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "QueueLoad",
            dependencies: [
                "MailModel",
                "Queue",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            path: "Benchmarks/QueueLoad",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "QueueCrashTest",
            dependencies: ["MailModel", "Queue", .product(name: "NIOCore", package: "swift-nio")],
            path: "Benchmarks/QueueCrashTest",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "SMTPProtocolBenchmark",
            dependencies: ["MailModel", "SMTPProtocol", .product(name: "NIOCore", package: "swift-nio")],
            path: "Benchmarks/SMTPProtocolBenchmark",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "SMTPLoad",
            dependencies: [
                "SMTPProtocol",
                "TLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/SMTPLoad",
            exclude: ["run.sh", "run-e2e.sh"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "RelayLoad",
            dependencies: ["SMTPClient", "SMTPProtocol", .product(name: "NIOCore", package: "swift-nio")],
            path: "Benchmarks/RelayLoad",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "WebhookSink",
            dependencies: [
                "Webhooks",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/WebhookSink",
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "SPFBenchmark",
            dependencies: ["DNS", "MailAuth"],
            path: "Benchmarks/SPFBenchmark",
            exclude: ["run.sh", "zone.json"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "MIMEBenchmark",
            dependencies: ["MIME", "Digests", "DKIM"],
            path: "Benchmarks/MIMEBenchmark",
            exclude: ["gmime_bench.c", "python_bench.py", "python_build_bench.py", "make_bench_corpora.py", "run.sh"],
            swiftSettings: strictSettings
        ),

        .testTarget(
            name: "QueueTests",
            dependencies: [
                "MailModel",
                "Queue",
                "MailgateTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SMTPProtocolTests",
            dependencies: ["MailModel", "SMTPProtocol", .product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "TLSTests",
            dependencies: [
                "MailModel",
                "TLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MIMETests",
            dependencies: ["MailModel", "MIME", "Digests", "MailgateTestSupport"],
            exclude: ["Corpus", "reference.py", "validate_schema.py", "DIFFERENCES.md", "builder_reference.py"],
            swiftSettings: strictSettings
        ),
        // DKIM signing of outbound mail and verification of inbound mail (RFC 6376, RFC 8463), tested against dkimpy.
        .target(
            name: "DKIM",
            dependencies: ["COpenSSL", "Digests", "MIME"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DKIMTests",
            dependencies: ["DKIM", "MIME", "MailgateTestSupport"],
            exclude: ["dkim_verify.py", "dkim_differential.py", "arc_differential.py", "dkim_test_zone.py"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SMTPServerTests",
            dependencies: [
                "SMTPServer", "MailModel", "Queue", "SMTPProtocol", "TLS", "MailgateTestSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "OutboundTests",
            dependencies: [
                "Outbound", "DKIM", "MailModel", "Queue", "MIME", "SMTPProtocol", "MailgateTestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MailAuthTests",
            dependencies: ["MailAuth"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DNSTests",
            dependencies: ["DNS", "MailAuth", "MailgateTestSupport"],
            exclude: ["dns_test_server.py", "pyspf_check.py", "spf_corpus.json"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DigestsTests",
            dependencies: ["Digests"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WebhooksTests",
            dependencies: ["Webhooks", "HTTPClient", "MailModel", "MIME"],
            exclude: ["verify_standard_webhooks.py"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "InboundTests",
            dependencies: [
                "Inbound", "HTTPClient", "MIME", "Queue", "SMTPProtocol", "SMTPServer", "Webhooks", "MailgateTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MailgateCLITests",
            dependencies: ["mailgate", "SMTPServer", "MailgateTestSupport"],
            exclude: [
                "Support/webhook_receiver.py", "Support/smtp_sink.py", "Support/send_load.py", "Support/check_kubernetes.py",
                "Support/tls_misbehaving_client.py",
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
