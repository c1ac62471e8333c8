//! The repository documents itself: `scan --format json` output validates against
//! docs/scan.schema.json, docs/reference.md is what `pyexplain reference` generates, and
//! docs/settings.md covers every setting with examples that the settings reader accepts.

use crate::support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use pyexplain::settings::{self, Settings};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn pyexplain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyexplain")).args(args).current_dir(root()).output().expect("the binary runs")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyexplain-docs-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir is writable");
    dir
}

/// Whether python3 with a `jsonschema` that knows draft 2020-12 is installed; when it is not, the
/// test is skipped with a line saying so, unless `PYEXPLAIN_E2E=require` (as .ci/run sets).
fn validator_available() -> bool {
    let probe = Command::new("python3").args(["-c", "from jsonschema import Draft202012Validator"]).output();
    if probe.is_ok_and(|output| output.status.success()) {
        return true;
    }
    assert_ne!(
        std::env::var("PYEXPLAIN_E2E").as_deref(),
        Ok("require"),
        "PYEXPLAIN_E2E=require, but python3 cannot import jsonschema (pip install 'jsonschema>=4')"
    );
    eprintln!("skipped: python3 with jsonschema>=4 is not installed");
    false
}

/// Validates `document` against docs/scan.schema.json with Python's jsonschema: `Err` carries
/// the validator's message.
fn validate(document: &str) -> Result<(), String> {
    let script = "import json, sys\n\
                  from jsonschema import Draft202012Validator\n\
                  schema = json.load(open(sys.argv[1], encoding='utf-8'))\n\
                  Draft202012Validator.check_schema(schema)\n\
                  errors = sorted(Draft202012Validator(schema).iter_errors(json.load(sys.stdin)), key=str)\n\
                  print('\\n'.join(f'{list(e.absolute_path)}: {e.message}' for e in errors))\n\
                  sys.exit(1 if errors else 0)\n";
    let schema = root().join("docs/scan.schema.json");
    let mut child = Command::new("python3")
        .args(["-c", script, &schema.to_string_lossy()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child.stdin.take().expect("piped stdin").write_all(document.as_bytes()).expect("python3 reads stdin");
    let output = child.wait_with_output().expect("python3 finishes");
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr)))
    }
}

#[test]
fn the_scan_schema_is_a_draft_2020_12_schema_of_the_documented_fields() {
    let text = std::fs::read_to_string(root().join("docs/scan.schema.json")).expect("docs/scan.schema.json exists");
    let schema: serde_json::Value = serde_json::from_str(&text).expect("the schema is JSON");
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(schema["required"], serde_json::json!(["version", "files", "errors"]));
    assert_eq!(
        schema["$defs"]["diagnostic"]["properties"]["severity"]["enum"],
        serde_json::json!(["error", "warning", "information", "hint"])
    );
}

#[test]
fn scan_output_validates_against_the_schema() {
    if !validator_available() {
        return;
    }
    // The examples, the fixtures (every topic and pitfall, so diagnostics of each severity), and a
    // folder with a file that cannot be decoded (so `errors` is not empty).
    let broken = scratch("schema");
    std::fs::write(broken.join("latin1.py"), b"# caf\xe9\nx = 1\n").expect("write");
    std::fs::write(broken.join("fine.py"), "import pickle\n\npickle.loads(b'')\n").expect("write");
    let broken = broken.to_string_lossy().into_owned();
    let runs: [&[&str]; 3] = [
        &["scan", "--format", "json", "examples"],
        &["scan", "--format", "json", "tests/fixtures"],
        &["scan", "--format", "json", &broken],
    ];
    let mut seen = (0, 0);
    for args in runs {
        let output = pyexplain(args);
        let document = String::from_utf8_lossy(&output.stdout).into_owned();
        let parsed: serde_json::Value = serde_json::from_str(&document).expect("scan prints JSON");
        seen.0 +=
            parsed["files"].as_array().into_iter().flatten().map(|file| file["diagnostics"].as_array().map_or(0, Vec::len)).sum::<usize>();
        seen.1 += parsed["errors"].as_array().map_or(0, Vec::len);
        if let Err(problems) = validate(&document) {
            panic!("`pyexplain {}` does not match docs/scan.schema.json:\n{problems}", args.join(" "));
        }
    }
    assert!(seen.0 > 0 && seen.1 > 0, "the runs cover diagnostics and errors: {seen:?}");
    // The validator does reject what the schema rules out.
    let wrong = r#"{"version": 1, "files": [{"path": "a.py", "constructs": [], "diagnostics": [{"code": "x", "topic": "y", "severity": "fatal", "fixable": false, "message": "m", "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 1}}}]}], "errors": []}"#;
    assert!(validate(wrong).is_err_and(|problems| problems.contains("fatal")), "a severity outside the four is rejected");
}

#[test]
fn the_reference_is_generated_from_the_knowledge() {
    let committed = std::fs::read_to_string(root().join("docs/reference.md")).unwrap_or_default();
    let generated = pyexplain::ide::reference::markdown(support::knowledge());
    assert!(committed == generated, "docs/reference.md is stale: regenerate it with `cargo run -- reference > docs/reference.md`");
    let printed = pyexplain(&["reference"]);
    assert_eq!(printed.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&printed.stdout), generated, "`pyexplain reference` prints the same text");
    for topic in support::knowledge().topics() {
        assert!(generated.contains(&format!("\n## {}\n", topic.id)), "{} has a section", topic.id);
        for pitfall in &topic.pitfalls {
            let row = format!("| `{}` | {} |", pitfall.id, pitfall.severity.as_str());
            assert!(generated.contains(&row), "{} has a row with its severity", pitfall.id);
        }
    }
    assert!(generated.contains("| Replace with `functools.cache` | safe |"), "a safe fix is labelled safe");
    assert!(generated.contains("| Add `ABC` to the class's bases | offered |"), "an offered fix is labelled offered");
}

#[test]
fn the_settings_reference_covers_every_key_with_working_examples() {
    let text = std::fs::read_to_string(root().join("docs/settings.md")).expect("docs/settings.md exists");
    for key in
        ["`hover.detail`", "`topics.disabled`", "`pitfalls.<pitfall-id>`", "`pythonVersion`", ".pyexplain/config.toml", "requires-python"]
    {
        assert!(text.contains(key), "docs/settings.md mentions {key}");
    }
    for value in ["\"brief\"", "\"full\"", "\"off\"", "\"hint\"", "\"information\"", "\"warning\"", "\"error\""] {
        assert!(text.contains(value), "docs/settings.md lists the value {value}");
    }
    let block = |tag: &str| {
        let start = text.find(&format!("```{tag}\n")).unwrap_or_else(|| panic!("a {tag} example")) + tag.len() + 4;
        text[start..].split("```").next().unwrap_or_default().to_owned()
    };
    let (config, problems) = settings::from_toml(&block("toml"), support::knowledge());
    assert!(problems.is_empty(), "the config.toml example is valid: {problems:?}");
    let from_config = Settings::from_json(&config);
    assert_eq!(from_config.detail, pyexplain::knowledge::render::Detail::Full);
    assert!(!from_config.topic_enabled("import-system"));
    let editor: serde_json::Value = serde_json::from_str(&block("json")).expect("the editor example is JSON");
    let from_editor = Settings::from_json(&editor["pyexplain"]);
    assert!(!from_editor.topic_enabled("import-system"));
    assert_ne!(from_editor.python_version, Settings::default().python_version, "the example sets pythonVersion");
}
