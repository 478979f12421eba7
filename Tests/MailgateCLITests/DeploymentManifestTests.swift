import Foundation
import MailgateTestSupport
import Testing

/// Deploy/kubernetes and Deploy/compose.yaml as a cluster or compose would read them: the kustomize base renders
/// and every object is valid against the Kubernetes schemas, and the environment each one gives Mailgate is a
/// valid production configuration for the real binary (`mailgate check-config`, no YAML file).
@Suite struct DeploymentManifestTests {
    static let deploy = Podman.repository + "/Deploy"
    static let checker = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Support/check_kubernetes.py").path

    @Test func theKustomizeBaseRendersAndValidates() async throws {
        let result = try await ExternalTool.run("python3", [Self.checker, Self.deploy + "/kubernetes"])
        #expect(result.status == 0, "\(result.output)")
        for object in ["ConfigMap/mailgate", "Deployment/mailgate", "Service/mailgate-smtp", "Service/mailgate-http",
                       "PodDisruptionBudget/mailgate", "HorizontalPodAutoscaler/mailgate", "NetworkPolicy/mailgate"] {
            #expect(result.output.contains("valid \(object)\n"), "\(object): \(result.output)")
        }
    }

    /// The variables of the ConfigMap (Kubernetes) and of the compose replicas, each with its secret paths
    /// pointed at real files, pass `mailgate check-config` with the image's MAILGATE_PROFILE=production.
    @Test(arguments: [
        ("kubernetes/configmap.yaml", "['data']"),
        ("compose.yaml", "['x-mailgate']['environment']"),
    ])
    func theirEnvironmentIsAValidProductionConfiguration(file: String, path: String) async throws {
        let extract = try await ExternalTool.run("python3", [
            "-c", "import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))\(path)))", Self.deploy + "/" + file,
        ])
        let variables = try #require(try JSONSerialization.jsonObject(with: Data(extract.output.utf8)) as? [String: String], "\(extract.output)")
        let directory = try TemporaryDirectory()
        let secrets: [String: String] = [
            "users": "demo:$6$salt$hash\n", "api-keys": "demo:\(String(repeating: "ab", count: 32)):*\n",
            "storage-url": "postgres://mailgate:pw@postgres:5432/mailgate\n", "webhook-secret": "whsec_ZGVtbw==\n",
        ]
        let certificate = try await ExternalTool.run("openssl", [
            "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
            "-subj", "/CN=localhost", "-keyout", directory.path + "/tls.key", "-out", directory.path + "/tls.crt",
        ])
        try #require(certificate.status == 0, "\(certificate.output)")
        var environment = ["MAILGATE_PROFILE": "production"]
        for (name, value) in variables {
            // Files the deployment mounts: the same names, here in a temporary directory.
            if let pem = ["tls.crt", "tls.key"].first(where: { value.hasPrefix("/run/secrets/") && value.hasSuffix("/" + $0) }) {
                environment[name] = directory.path + "/" + pem
            } else if let secret = secrets.keys.first(where: { value.hasPrefix("/run/secrets/") && value.hasSuffix("/" + $0) }) {
                environment[name] = try directory.write(secret, secrets[secret]!)
            } else {
                environment[name] = value
            }
        }
        let result = try await MailgateProcess.run(["check-config"], environment: environment, directory: directory.path)
        #expect(result.status == 0, "\(file): \(result.stderr)")
        #expect(result.stdout.contains("(production defaults)"))
        #expect(result.stdout.contains("name: support  # MAILGATE_ROUTES_0_NAME"), "\(result.stdout)")
        #expect(!result.stdout.contains("whsec_ZGVtbw=="), "secrets stay redacted")
    }
}
