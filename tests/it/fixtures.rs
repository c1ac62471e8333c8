//! Every annotated fixture under tests/fixtures/<topic-id>/ matches the analysis.

use crate::support;

use std::path::Path;

#[test]
fn every_fixture_matches_its_annotations() {
    let files = support::python_files(Path::new("tests/fixtures"));
    assert!(!files.is_empty(), "no fixtures found");
    let failures: Vec<String> = files.iter().flat_map(|file| support::check_detections(file)).collect();
    assert!(failures.is_empty(), "{} fixture failures:\n{}", failures.len(), failures.join("\n"));
}
