//! The LSP benchmark in its smoke mode (`bench/lsp_bench.py --smoke`, one short run) against the
//! binary under test: a check that the bench still works and reports its numbers, not a timing.
//! Skipped, with a line saying so, when python3 or the standard-library files it opens are
//! missing, unless `PYEXPLAIN_E2E=require`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// The standard-library files the bench opens by default.
const FILES: &[&str] = &["_pydecimal.py", "contextlib.py", "bisect.py"];

/// Whether python3 and the files are there; `false` after printing why not.
fn available() -> bool {
    let script = format!(
        "import sysconfig, pathlib; d = pathlib.Path(sysconfig.get_paths()['stdlib']); print(all((d / n).is_file() for n in {FILES:?}))"
    );
    let found = Command::new("python3").args(["-c", &script]).output();
    let missing = match found {
        Ok(output) if String::from_utf8_lossy(&output.stdout).trim() == "True" => return true,
        Ok(_) => format!("{} not all in the python3 standard library", FILES.join(", ")),
        Err(_) => "no python3".to_owned(),
    };
    // .ci/run installs python3 and sets PYEXPLAIN_E2E=require.
    assert_ne!(std::env::var("PYEXPLAIN_E2E").as_deref(), Ok("require"), "PYEXPLAIN_E2E=require, but {missing}");
    println!("bench_smoke: skipped ({missing})");
    false
}

/// Runs the bench with `args` after `--smoke` against this build's binary; the JSON report.
#[track_caller]
fn smoke(name: &str, args: &[&str]) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let report: PathBuf = std::env::temp_dir().join(format!("pyexplain-bench-smoke-{name}-{}.json", std::process::id()));
    let output = Command::new("python3")
        .arg(root.join("bench/lsp_bench.py"))
        .args(["--smoke", "--server", env!("CARGO_BIN_EXE_pyexplain"), "--label", "pyexplain", "--json"])
        .arg(&report)
        .args(args)
        .output()
        .expect("python3 runs");
    let log = format!("stdout:\n{}\nstderr:\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "the bench failed ({}):\n{log}", output.status);
    let text = std::fs::read_to_string(&report).expect("the bench wrote its report");
    let _ = std::fs::remove_file(&report);
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("the report is not JSON ({error}):\n{text}\n{log}"))
}

#[track_caller]
fn positive(figures: &Value, keys: &[&str]) {
    for key in keys {
        let value = figures[key].as_f64();
        assert!(value.is_some_and(|value| value > 0.0), "{key} is {:?} in {figures}", figures[key]);
    }
}

#[test]
fn lsp_bench_reports_every_figure_of_a_session() {
    if !available() {
        return;
    }
    let report = smoke("session", &[]);
    let run = &report["runs"]["pyexplain"][0];
    assert_eq!(run["errors"], serde_json::json!([]), "{run}");
    assert_eq!(run["server_text_matches"], true, "after the edits the server's text is the client's: {run}");
    assert_eq!(run["first_hover_nonempty"], true, "the first hover explains its construct: {run}");
    assert_eq!(run["edit_count"], 20, "{run}");
    positive(
        &report["medians"]["pyexplain"],
        &["init_ms", "first_hover_ms", "warm_p50_ms", "warm_p99_ms", "edit_p50_ms", "edit_p95_ms", "rss_open_idle_mb", "peak_rss_mb"],
    );
}

#[test]
fn lsp_bench_reports_the_memory_of_many_open_files() {
    if !available() {
        return;
    }
    let report = smoke("open-many", &["--open-many", "500"]);
    let outcome = &report["open_many"]["pyexplain"];
    assert_eq!(outcome["errors"], serde_json::json!([]), "{outcome}");
    assert_eq!(outcome["opened"], 20, "the smoke mode opens 20 files: {outcome}");
    positive(outcome, &["rss_after_initialize_mb", "rss_after_opening_mb", "rss_after_closing_mb"]);
    let samples = outcome["cycle_rss_mb"].as_array().map_or(0, Vec::len);
    assert!(samples >= 2, "RSS sampled over the open/close cycles: {outcome}");
}
