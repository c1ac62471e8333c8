//! The embedded table of standard-library classes is what `tools/stdlib_classes.py` writes today
//! with the interpreter it records: rerun when that interpreter is installed (`python3.X` on the
//! PATH, or pyenv's), fail when the committed table is stale.

use std::path::PathBuf;
use std::process::Command;

use pyexplain::analysis::semantics::stdlib;

/// An interpreter of the table's version: `PYEXPLAIN_TABLE_PYTHON`, `python3.X` on the PATH, or
/// pyenv's installation of exactly that version.
fn interpreter(version: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PYEXPLAIN_TABLE_PYTHON") {
        return Some(PathBuf::from(path));
    }
    let minor: Vec<&str> = version.split('.').take(2).collect();
    let candidates = [
        std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".pyenv/versions").join(version).join("bin/python")),
        Some(PathBuf::from(format!("python{}", minor.join(".")))),
    ];
    candidates.into_iter().flatten().find(|candidate| {
        Command::new(candidate)
            .args(["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"])
            .output()
            .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == version)
    })
}

#[test]
fn the_committed_table_is_what_the_generator_writes() {
    let version = stdlib::table().python.clone();
    let Some(python) = interpreter(&version) else {
        eprintln!("no Python {version} here: the table of standard-library classes is not regenerated");
        return;
    };
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/stdlib_classes.py");
    let output = Command::new(&python).arg(script).output();
    let Ok(output) = output else { panic!("{} did not run", python.display()) };
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    assert!(
        String::from_utf8_lossy(&output.stdout) == stdlib::TABLE,
        "src/analysis/semantics/stdlib_classes.json is stale: run `python{version} tools/stdlib_classes.py > src/analysis/semantics/stdlib_classes.json`"
    );
    assert!(stdlib::len() > 500);
}
