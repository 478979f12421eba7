/// One entry of the cases file `builder_reference.py` reads.
struct BuilderExpectationFile: Codable {
    var file: String
    var expected: BuilderExpectation
}
