//! `scan` for CI: `--format github` (workflow annotations), `--format sarif` (checked against the
//! SARIF 2.1.0 schema), `--fail-on LEVEL`, and the pre-commit hook of `.pre-commit-hooks.yaml`.
//!
//! The schema check needs python3 with `jsonschema` and the manifest check needs `pre-commit`
//! (`.ci/run` installs both); without them these two print one line saying they were skipped,
//! unless `PYEXPLAIN_E2E=require`, when a missing tool fails them.
//!
//! tests/schemas/sarif-2.1.0-rtm.5.json is the SARIF 2.1.0 schema as the npm package
//! `@microsoft/jest-sarif` 1.0.0-beta.0 ships it (`lib/schemas/sarif-2.1.0-rtm.5.json`, MIT),
//! whose `id` is https://raw.githubusercontent.com/schemastore/schemastore/master/src/schemas/json/sarif-2.1.0-rtm.5.json
//! (sha256 2d99159ae54a3eea97f81781cff48780548657c35949f4b7f25e99a2ba4de4f8).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

/// A module with one pitfall of each default severity the built-in knowledge has: a warning
/// (`open-without-with`), information (`manual-lock-acquire`) and a hint (`yield-in-for-loop`).
const SAMPLE: &str = "\
import threading


def read(path):
    f = open(path)
    return f.read()


class Counter:
    def __init__(self):
        self._lock = threading.Lock()
        self.value = 0

    def increment(self):
        self._lock.acquire()
        self.value += 1
        self._lock.release()


def items(it):
    for x in it:
        yield x
";

/// Only a hint (`yield-in-for-loop`).
const HINT_ONLY: &str = "def items(it):\n    for x in it:\n        yield x\n";

fn pyexplain_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyexplain")).args(args).current_dir(dir).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh folder with `files`, outside the repository (its `.git` would make the repository
/// the project).
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyexplain-ci-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().expect("a file has a folder")).expect("temp dir is writable");
        std::fs::write(file, text).expect("temp dir is writable");
    }
    dir
}

/// Whether `tool` can be used: `true`, or `false` after printing why this test is skipped.
/// Under `PYEXPLAIN_E2E=require` a missing tool fails the test instead.
fn tool_available(test: &str, tool: &str, probe: &mut Command) -> bool {
    let works = probe.output().is_ok_and(|output| output.status.success());
    if works {
        return true;
    }
    assert_ne!(
        std::env::var("PYEXPLAIN_E2E").as_deref(),
        Ok("require"),
        "PYEXPLAIN_E2E=require, but {tool} is missing (.ci/run installs it)"
    );
    // Straight to stderr: the test harness keeps what `println!` prints in a passing test.
    let _ = writeln!(std::io::stderr(), "{test}: skipped ({tool} is missing)");
    false
}

/// `pre-commit` on PATH, else python3's `pre_commit` module (where pip may put it without a script
/// on PATH).
fn pre_commit() -> Command {
    if Command::new("pre-commit").arg("--version").output().is_ok_and(|output| output.status.success()) {
        return Command::new("pre-commit");
    }
    let mut command = Command::new("python3");
    command.args(["-m", "pre_commit"]);
    command
}

#[test]
fn github_format_annotates_each_pitfall_at_its_severity() {
    let dir = project("github", &[("app.py", SAMPLE), ("odd, name: 100%.py", HINT_ONLY)]);
    let output = pyexplain_in(&dir, &["scan", "--format", "github", "."]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let expected = "\
::warning file=app.py,line=5,col=9,endLine=5,endColumn=19,title=open-without-with::File opened without a `with` block: if anything raises before close(), the file is left open.
::notice file=app.py,line=15,col=9,endLine=15,endColumn=29,title=manual-lock-acquire::Lock acquired and released by hand: if a statement in between raises, release() never runs.
::notice file=app.py,line=21,col=5,endLine=21,endColumn=8,title=yield-in-for-loop::This loop only re-yields each item of the iterable: `yield from` delegates to it in one statement.
::notice file=odd%2C name%3A 100%25.py,line=2,col=5,endLine=2,endColumn=8,title=yield-in-for-loop::This loop only re-yields each item of the iterable: `yield from` delegates to it in one statement.
";
    assert_eq!(stdout(&output), expected);
}

#[test]
fn github_format_names_files_from_the_current_folder_and_reports_unreadable_ones() {
    let dir = project("github-paths", &[("pkg/app.py", SAMPLE)]);
    let absolute = dir.join("pkg/app.py").to_string_lossy().into_owned();
    let output = pyexplain_in(&dir.join("pkg"), &["scan", "--format", "github", &absolute, "../pkg/missing.py"]);
    assert_eq!(output.status.code(), Some(2), "an unreadable file is still exit code 2");
    let text = stdout(&output);
    assert!(text.lines().next().is_some_and(|line| line.starts_with("::warning file=app.py,line=5,")), "{text}");
    assert!(
        text.ends_with("::error file=missing.py,title=pyexplain::cannot read ../pkg/missing.py: no such file or directory\n"),
        "{text}"
    );
}

#[test]
fn fail_on_exits_with_1_only_for_a_pitfall_at_or_above_the_level() {
    let dir = project("fail-on", &[("app.py", SAMPLE), ("hint.py", HINT_ONLY)]);
    let code = |args: &[&str]| {
        let mut all = vec!["scan"];
        all.extend_from_slice(args);
        pyexplain_in(&dir, &all).status.code()
    };
    assert_eq!(code(&["app.py"]), Some(0), "without --fail-on findings are not failures");
    assert_eq!(code(&["--fail-on", "error", "app.py"]), Some(0), "no built-in pitfall is an error");
    assert_eq!(code(&["--fail-on", "warning", "app.py"]), Some(1));
    assert_eq!(code(&["--fail-on", "warning", "hint.py"]), Some(0));
    assert_eq!(code(&["--fail-on", "information", "hint.py"]), Some(0));
    assert_eq!(code(&["--fail-on", "hint", "hint.py"]), Some(1));
    assert_eq!(code(&["--fail-on", "hint", "--format", "sarif", "hint.py"]), Some(1), "every format");
    assert_eq!(code(&["--fail-on", "warning", "app.py", "missing.py"]), Some(2), "an unreadable file wins");
    assert_eq!(code(&["--fail-on", "severe", "app.py"]), Some(2), "a usage error");

    let failed = pyexplain_in(&dir, &["scan", "--fail-on", "warning", "app.py"]);
    assert_eq!(stderr(&failed), "pyexplain: 1 pitfall(s) at or above warning (--fail-on warning)\n");
}

#[test]
fn fail_on_counts_severities_as_the_project_configures_them() {
    let config = "[pitfalls]\nyield-in-for-loop = \"warning\"\nopen-without-with = \"off\"\nmanual-lock-acquire = \"error\"\n";
    let dir = project("fail-on-config", &[(".pyexplain/config.toml", config), ("app.py", SAMPLE), ("hint.py", HINT_ONLY)]);
    assert_eq!(pyexplain_in(&dir, &["scan", "--fail-on", "warning", "hint.py"]).status.code(), Some(1), "the hint is a warning here");
    assert_eq!(pyexplain_in(&dir, &["scan", "--fail-on", "error", "hint.py"]).status.code(), Some(0));
    let output = pyexplain_in(&dir, &["scan", "--fail-on", "error", "--format", "github", "app.py"]);
    assert_eq!(output.status.code(), Some(1), "manual-lock-acquire is an error here");
    let text = stdout(&output);
    assert!(!text.contains("open-without-with"), "turned off: {text}");
    assert!(text.contains("::error file=app.py,line=15,col=9,endLine=15,endColumn=29,title=manual-lock-acquire::"), "{text}");
    assert!(text.contains("::warning file=app.py,line=21,col=5,endLine=21,endColumn=8,title=yield-in-for-loop::"), "{text}");
}

/// The SARIF log of `args` run in `dir`, parsed.
#[track_caller]
fn sarif(dir: &Path, args: &[&str]) -> (Option<i32>, Value) {
    let mut all = vec!["scan", "--format", "sarif"];
    all.extend_from_slice(args);
    let output = pyexplain_in(dir, &all);
    let log = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| panic!("not JSON ({error}): {}", stdout(&output)));
    (output.status.code(), log)
}

#[test]
fn sarif_has_a_rule_per_pitfall_with_its_entry_and_a_result_per_finding() {
    let dir = project("sarif", &[("src/app.py", SAMPLE)]);
    let (code, log) = sarif(&dir, &["src"]);
    assert_eq!(code, Some(0));
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "pyexplain");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);

    let knowledge = pyexplain::knowledge::Knowledge::builtin();
    let rules = driver["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), knowledge.pitfalls().count(), "one rule per built-in pitfall");
    for pitfall in knowledge.pitfalls() {
        let rule = rules.iter().find(|rule| rule["id"] == pitfall.id.as_str()).unwrap_or_else(|| panic!("no rule {}", pitfall.id));
        let topic = knowledge.topic(&pitfall.topic).expect("a pitfall's topic exists");
        assert_eq!(rule["shortDescription"]["text"], pitfall.summary.as_str());
        assert_eq!(rule["helpUri"], topic.docs.as_str(), "{}", pitfall.id);
        let help = rule["help"]["markdown"].as_str().expect("help markdown");
        let why = pitfall.section("Why it matters").expect("every built-in pitfall says why it matters");
        assert!(help.contains(why.trim()), "{}: the help has the entry's text", pitfall.id);
        assert_eq!(rule["help"]["text"], rule["help"]["markdown"]);
        let flags = pitfall.section("What it flags").expect("every built-in pitfall says what it flags");
        assert_eq!(rule["fullDescription"]["text"], flags.trim());
        let level = rule["defaultConfiguration"]["level"].as_str().expect("a level");
        let expected = match pitfall.severity.as_str() {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };
        assert_eq!(level, expected, "{}", pitfall.id);
    }

    let results = run["results"].as_array().expect("results");
    let summary: Vec<(String, String, Value)> = results
        .iter()
        .map(|result| {
            let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
            assert_eq!(rules[index]["id"], result["ruleId"], "ruleIndex points at the rule");
            let location = &result["locations"][0]["physicalLocation"];
            assert_eq!(location["artifactLocation"], json!({"uri": "src/app.py", "uriBaseId": "%SRCROOT%"}));
            (
                result["ruleId"].as_str().unwrap_or_default().to_owned(),
                result["level"].as_str().unwrap_or_default().to_owned(),
                location["region"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("open-without-with".into(), "warning".into(), json!({"startLine": 5, "startColumn": 9, "endLine": 5, "endColumn": 19})),
            ("manual-lock-acquire".into(), "note".into(), json!({"startLine": 15, "startColumn": 9, "endLine": 15, "endColumn": 29})),
            ("yield-in-for-loop".into(), "note".into(), json!({"startLine": 21, "startColumn": 5, "endLine": 21, "endColumn": 8})),
        ]
    );
    assert_eq!(
        results[0]["message"]["text"],
        knowledge.pitfall("open-without-with").map(|pitfall| pitfall.summary.as_str()).unwrap_or_default()
    );
    let root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().expect("the base URI");
    assert!(root.starts_with("file:///") && root.ends_with('/'), "{root}");
}

#[test]
fn sarif_columns_are_utf16_and_unreadable_files_are_notifications() {
    let dir = project("sarif-utf16", &[("emoji.py", "def g(it):\n    x = '😀'; f = open(it)\n")]);
    let (code, log) = sarif(&dir, &["emoji.py", "missing.py"]);
    assert_eq!(code, Some(2));
    let run = &log["runs"][0];
    // `open` is the 18th character of its line and its 19th UTF-16 code unit (the emoji is two).
    assert_eq!(run["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"], 19);
    let github = pyexplain_in(&dir, &["scan", "--format", "github", "emoji.py"]);
    assert!(stdout(&github).starts_with("::warning file=emoji.py,line=2,col=18,endLine=2,endColumn=26,"), "{}", stdout(&github));
    let invocation = &run["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notification = &invocation["toolExecutionNotifications"][0];
    assert_eq!(notification["level"], "error");
    assert_eq!(notification["message"]["text"], "cannot read missing.py: no such file or directory");
    assert_eq!(notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "missing.py");
}

#[test]
fn sarif_lists_the_rules_of_a_projects_own_pack() {
    let topic = "+++\ntitle = \"Retries\"\nsummary = \"Our retry decorator.\"\ndocs = \"https://example.org/retries\"\n\n[anchors]\ndecorators = [\"retry\"]\n+++\n\n## What it is\nOur retry decorator.\n\n## How it works\nIt calls the function again.\n";
    let pitfall =
        "+++\nsummary = \"A retry without a limit.\"\nseverity = \"warning\"\n+++\n\n## What it flags\nA retry without a limit.\n";
    let dir = project(
        "sarif-pack",
        &[
            ("pyproject.toml", "[project]\nname = \"team\"\n"),
            (".pyexplain/knowledge/retries/topic.md", topic),
            (".pyexplain/knowledge/retries/unbounded-retry.md", pitfall),
            ("app.py", "x = 1\n"),
        ],
    );
    let (code, log) = sarif(&dir, &["app.py"]);
    assert_eq!(code, Some(0));
    let rules = log["runs"][0]["tool"]["driver"]["rules"].as_array().expect("rules");
    let rule = rules.iter().find(|rule| rule["id"] == "unbounded-retry").unwrap_or_else(|| panic!("no rule of the pack in {rules:?}"));
    assert_eq!(rule["helpUri"], "https://example.org/retries");
    assert_eq!(rule["fullDescription"]["text"], "A retry without a limit.");
}

#[test]
fn sarif_logs_are_valid_against_the_sarif_2_1_0_schema() {
    let python = "python3";
    if !tool_available("sarif schema", "python3 with jsonschema", Command::new(python).args(["-c", "import jsonschema"])) {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = root.join("tests/schemas/sarif-2.1.0-rtm.5.json");
    let dir = project("sarif-schema", &[("app.py", SAMPLE), ("emoji.py", "def g(it):\n    x = '😀'; f = open(it)\n")]);
    let mut logs = vec![sarif(root, &["examples/"]).1, sarif(&dir, &[".", "missing.py"]).1];
    // The check itself must be able to fail: a level SARIF does not have is refused.
    let mut broken = logs[1].clone();
    broken["runs"][0]["results"][0]["level"] = json!("hint");
    logs.push(broken);
    let input = dir.join("logs.json");
    std::fs::write(&input, serde_json::to_vec(&logs).expect("JSON")).expect("temp dir is writable");
    let script = "import json, sys, jsonschema\n\
                  schema = json.load(open(sys.argv[1], encoding='utf-8'))\n\
                  validator = jsonschema.Draft4Validator(schema)\n\
                  for log in json.load(open(sys.argv[2], encoding='utf-8')):\n\
                  \x20   errors = sorted(validator.iter_errors(log), key=lambda error: list(error.path))\n\
                  \x20   print('valid' if not errors else 'invalid: ' + '; '.join(f\"{list(e.path)}: {e.message}\" for e in errors[:5]))\n";
    let output = Command::new(python).arg("-c").arg(script).arg(&schema).arg(&input).output().expect("python3 runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let verdicts: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    assert_eq!(verdicts.len(), 3, "{verdicts:?}");
    assert_eq!(verdicts[0], "valid", "the log of examples/");
    assert_eq!(verdicts[1], "valid", "a log with an unreadable file");
    assert!(verdicts[2].starts_with("invalid: ") && verdicts[2].contains("level"), "{}", verdicts[2]);
}

#[test]
fn pre_commit_hook_manifest_is_valid_and_its_entry_gates_on_warnings() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).expect("the manifest is in the repository");
    // The entry as pre-commit runs it, with the staged files appended.
    let entry = manifest.lines().find_map(|line| line.trim().strip_prefix("entry: ")).expect("the hook has an entry");
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("pyexplain"), "the hook runs the installed executable");
    let args: Vec<&str> = words.collect();
    assert!(manifest.contains("language: python"), "pre-commit installs the package from pyproject.toml");
    let dir = project("pre-commit", &[("app.py", SAMPLE), ("hint.py", HINT_ONLY)]);
    let run = |file: &str| {
        let mut all = args.clone();
        all.push(file);
        pyexplain_in(&dir, &all).status.code()
    };
    assert_eq!(run("app.py"), Some(1), "a warning fails the commit");
    assert_eq!(run("hint.py"), Some(0), "a hint does not");

    if !tool_available("pre-commit manifest", "pre-commit", pre_commit().arg("--version")) {
        return;
    }
    let output = pre_commit().args(["validate-manifest", ".pre-commit-hooks.yaml"]).current_dir(root).output().expect("pre-commit runs");
    assert!(output.status.success(), "{}{}", stdout(&output), stderr(&output));
    // And the validation can fail: a hook without `entry` is refused.
    let broken = dir.join("broken-hooks.yaml");
    std::fs::write(&broken, manifest.replace(&format!("entry: {entry}"), "")).expect("temp dir is writable");
    let refused = pre_commit().arg("validate-manifest").arg(&broken).output().expect("pre-commit runs");
    assert!(!refused.status.success(), "a manifest without an entry was accepted");
}
