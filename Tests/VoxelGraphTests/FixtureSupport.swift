import Foundation
import NIfTI
import XCTest

enum Fixture {
    static func path(_ name: String) -> String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)").path
    }

    static var bold: String { path("sub-01_task-rest_bold.nii.gz") }
    static var mask: String { path("mask.nii.gz") }
    static var atlas: String { path("atlas.nii.gz") }

    static func image(_ path: String) throws -> [Double] { try NIfTIImage(path: path).readAllDouble() }

    static func temporaryFolder() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("voxelgraph-tests-\(UUID().uuidString.prefix(8))").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }
}
