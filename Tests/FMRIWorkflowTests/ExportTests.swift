import ArrayFiles
import Connectivity
import FMRIWorkflow
import Foundation
import Provenance
import Signal
import TestSupport
import XCTest

/// File names, contents and sidecars of the exports; atomicity on error.
final class ExportTests: XCTestCase {
    func testBIDSEntitiesAndNames() {
        let b = BIDSName(path: "/data/sub-01/func/sub-01_ses-2_task-rest_acq-mb_run-3_space-MNI_desc-preproc_bold.nii.gz")
        XCTAssertEqual(b.value("sub"), "01")
        XCTAssertEqual(b.suffix, "bold")
        XCTAssertEqual(b.keptPrefix(fallbackStem: "x"), "sub-01_ses-2_task-rest_run-3")
        XCTAssertEqual(BIDSName(path: "bold.nii").keptPrefix(fallbackStem: "my_bold-1"), "sub-mybold1")
        XCTAssertEqual(BIDSName.atlasName(fromAtlasPath: "tpl-MNI152NLin2009cAsym_atlas-Schaefer2018_desc-400Parcels_dseg.nii.gz"), "Schaefer2018")
        XCTAssertEqual(BIDSName.atlasName(fromAtlasPath: "/x/atlas_coarse.nii.gz"), "atlascoarse")
        XCTAssertEqual(FCFileNames.relmatStem(prefix: "sub-01_task-rest", atlas: "Schaefer", measure: FCFileNames.measureLabel("partial-correlation")),
                       "sub-01_task-rest_atlas-Schaefer_meas-partialCorrelation_relmat")
        XCTAssertEqual(FCFileNames.timeSeriesStem(prefix: "sub-01", atlas: "A"), "sub-01_atlas-A_timeseries")
    }

    func testConnectivityExportWritesEveryFileWithProvenance() throws {
        let out = try Fixtures.temporaryFolder()
        var p = FCParameters(atlasPath: Fixtures.input("atlas.nii.gz"), lookupPath: Fixtures.input("atlas.tsv"))
        p.cleaning = CleaningOptions(detrend: true, standardize: .zscoreSample)
        p.kinds = [.correlation, .tangent]
        p.vectorize = true
        let runs = try FCWorkflow.timeSeries(boldPaths: Fixtures.bolds, parameters: p)
        XCTAssertEqual(runs[0].repetitionTime, 2)
        XCTAssertEqual(runs[0].repetitionTimeSource, "header")
        let fc = try FCWorkflow.connectivity(runs: runs, parameters: p)
        let checksums = InputChecksums(paths: Fixtures.bolds)
        let written = try FCExport.write(runs: runs, connectivity: fc, parameters: p, command: "neurorep connectivity",
                                         outputFolder: out, checksums: checksums)
        let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        XCTAssertEqual(names.count, written.count, "no staging folder or stray file left")
        for stem in ["sub-01_atlas-atlas_timeseries", "sub-02_atlas-atlas_meas-correlation_relmat",
                     "sub-01_atlas-atlas_meas-tangent_relmat", "sub-02_atlas-atlas_meas-correlation_desc-vec_relmat",
                     "atlas-atlas_meas-tangent_desc-groupmean_relmat"] {
            for ext in ["tsv", "npy", "json"] { XCTAssertTrue(names.contains("\(stem).\(ext)"), "\(stem).\(ext)") }
        }
        // Time series: TSV header = ROI names, NPY = cleaned series (basic option set fixture).
        let tsv = try DelimitedTable.read(out + "/sub-01_atlas-atlas_timeseries.tsv")
        XCTAssertEqual(tsv.columns, (1...20).map { String(format: "region%03d", $0) })
        XCTAssertEqual(tsv.rows.count, 120)
        let npy = try NPY.read(out + "/sub-01_atlas-atlas_timeseries.npy")
        XCTAssertEqual(npy.shape, [120, 20])
        let ref = try NPY.read(Fixtures.path("basic/sub-01_timeseries.npy")).doubles
        assertScaledClose(npy.doubles, ref, tol: 1e-9, "exported series")
        assertScaledClose(try tsv.numericRows().flatMap { $0 }, ref, tol: 1e-9, "TSV round trip")
        // Correlation matrix: NPY equals the fixture's LW correlation of sub-02.
        let corr = try NPY.read(out + "/sub-02_atlas-atlas_meas-correlation_relmat.npy")
        let refCorr = try NPY.read(Fixtures.path("basic/correlation.npy")).doubles
        assertScaledClose(corr.doubles, Array(refCorr[400..<800]), tol: 1e-9, "exported correlation")
        let vec = try NPY.read(out + "/sub-02_atlas-atlas_meas-correlation_desc-vec_relmat.npy")
        assertScaledClose(vec.doubles, Array(try NPY.read(Fixtures.path("basic/correlation_vec.npy")).doubles[210..<420]), tol: 1e-9, "vectorised")
        let relTSV = try DelimitedTable.read(out + "/sub-02_atlas-atlas_meas-correlation_relmat.tsv")
        XCTAssertEqual(relTSV.columns.first, "Node")
        XCTAssertEqual(relTSV.rows[3][0], "region004")
        // Sidecar: parameters, checksums, coverage, names.
        let side = try JSONValue.load(out + "/sub-01_atlas-atlas_meas-tangent_relmat.json")
        XCTAssertEqual(side["Parameters"]["estimator"].string, "ledoit-wolf")
        XCTAssertEqual(side["Parameters"]["detrend"].bool, true)
        XCTAssertEqual(side["RegionNames"].array.count, 20)
        XCTAssertEqual(side["RegionCoverage"].doubles, [Double](repeating: 1, count: 20))
        XCTAssertEqual(side["GeneratedBy"][0]["Name"].string, "NeuroRep")
        XCTAssertEqual(side["Inputs"][0]["path"].string, Fixtures.bolds[0])
        XCTAssertEqual(side["Inputs"][0]["sha256"].string?.count, 64)
        // one sidecar per stem, naming both files with their checksums
        XCTAssertEqual(side["Files"].array.map { $0["path"].string ?? "" }, ["sub-01_atlas-atlas_meas-tangent_relmat.tsv", "sub-01_atlas-atlas_meas-tangent_relmat.npy"])
        XCTAssertEqual(side["Files"][1]["sha256"].string, try SHA256.hexDigest(ofFile: out + "/sub-01_atlas-atlas_meas-tangent_relmat.npy"))
    }

    /// A bad second run (confounds with the wrong number of rows) fails before anything is
    /// written: the output folder stays empty.
    func testErrorLeavesNoOutput() throws {
        let dir = try Fixtures.temporaryFolder()
        let short = dir + "/sub-02_confounds.tsv"
        let lines = try String(contentsOfFile: Fixtures.path("sub-02_confounds.tsv"), encoding: .utf8).split(separator: "\n")
        try (lines.prefix(100).joined(separator: "\n") + "\n").write(toFile: short, atomically: true, encoding: .utf8)
        var p = FCParameters(atlasPath: Fixtures.input("atlas.nii.gz"))
        p.confoundsPaths = [Fixtures.path("sub-01_confounds.tsv"), short]
        p.confoundColumns = ["trans_x"]
        XCTAssertThrowsError(try FCWorkflow.timeSeries(boldPaths: Fixtures.bolds, parameters: p)) { e in
            XCTAssertTrue("\(e)".contains(short) && "\(e)".contains("99 rows") && "\(e)".contains("120 volumes"), "\(e)")
        }
        p.confoundsPaths = [Fixtures.path("sub-01_confounds.tsv"), Fixtures.path("sub-02_confounds.tsv")]
        p.confoundColumns = ["trans_x", "no_such_column"]
        XCTAssertThrowsError(try FCWorkflow.timeSeries(boldPaths: Fixtures.bolds, parameters: p)) { e in
            XCTAssertTrue("\(e)".contains("no_such_column"), "\(e)")
        }
        // Every FD above the threshold: all volumes censored.
        let moving = dir + "/sub-02_moving_confounds.tsv"
        try ("trans_x\tframewise_displacement\n" + (0..<120).map { "\(Double($0) / 100)\t1.0" }.joined(separator: "\n") + "\n")
            .write(toFile: moving, atomically: true, encoding: .utf8)
        p.confoundsPaths = [Fixtures.path("sub-01_confounds.tsv"), moving]
        p.confoundColumns = ["trans_x"]
        p.fdThreshold = 0.5
        XCTAssertThrowsError(try FCWorkflow.timeSeries(boldPaths: Fixtures.bolds, parameters: p)) { e in
            XCTAssertTrue("\(e)".contains("every volume is censored"), "\(e)")
        }
    }

    func testOutputCollisionIsRefusedAndStagingRemoved() throws {
        let out = try Fixtures.temporaryFolder()
        let p = FCParameters(atlasPath: Fixtures.input("atlas.nii.gz"))
        let runs = try FCWorkflow.timeSeries(boldPaths: [Fixtures.bolds[0], Fixtures.bolds[0]], parameters: p)
        XCTAssertThrowsError(try FCExport.write(runs: runs, connectivity: [], parameters: p, command: "neurorep timeseries",
                                                outputFolder: out, checksums: InputChecksums(paths: [])))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out), [])
    }
}
