//! The command line, run as a process: scan, explain, topics, and the server's exit codes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn pyexplain(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyexplain")).args(args).current_dir(env!("CARGO_MANIFEST_DIR")).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyexplain-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir is writable");
    dir
}

#[test]
fn scan_json_of_the_examples_matches_the_snapshot() {
    let output = pyexplain(&["scan", "--format", "json", "examples/"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    insta::assert_snapshot!("scan_examples_json", stdout(&output));
}

#[test]
fn scan_text_prints_one_line_per_finding_like_a_compiler() {
    let output = pyexplain(&["scan", "examples/inventory.py"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.lines().any(|line| line.starts_with("examples/inventory.py:86:9: yield-from: ")), "{text}");
    assert!(text.lines().all(|line| line.starts_with("examples/inventory.py:")), "{text}");
    assert!(stderr(&output).is_empty(), "no progress bar when piped");
}

#[test]
fn scan_reports_unreadable_files_and_still_scans_the_rest() {
    let dir = scratch("errors");
    std::fs::write(dir.join("good.py"), "def g(it):\n    yield from it\n").expect("write");
    std::fs::write(dir.join("latin1.py"), b"x = '\xe9'\n").expect("write");
    std::fs::write(dir.join("declared.py"), b"# -*- coding: latin-1 -*-\nx = '\xe9'\n").expect("write");
    std::fs::create_dir_all(dir.join("venv")).expect("mkdir");
    std::fs::write(dir.join("venv/pyvenv.cfg"), "home = /usr\n").expect("write");
    std::fs::write(dir.join("venv/skipped.py"), "def g(it):\n    yield from it\n").expect("write");
    std::fs::create_dir_all(dir.join("__pycache__")).expect("mkdir");
    std::fs::write(dir.join("__pycache__/skipped.py"), "def g(it):\n    yield from it\n").expect("write");
    let root = dir.to_string_lossy().into_owned();
    let missing = format!("{root}/missing.py");
    let output = pyexplain(&["scan", "--format", "json", &root, &missing]);
    assert_eq!(output.status.code(), Some(2), "an unreadable file makes the exit code 2");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let paths: Vec<&str> = report["files"].as_array().expect("files").iter().filter_map(|file| file["path"].as_str()).collect();
    assert_eq!(paths, vec![format!("{root}/declared.py"), format!("{root}/good.py")]);
    let errors = report["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["path"], format!("{root}/latin1.py"));
    assert!(errors[0]["message"].as_str().is_some_and(|message| message.contains("UTF-8")));
    assert_eq!(errors[1]["path"], missing);
    let constructs = report["files"][1]["constructs"].as_array().expect("constructs");
    let delegation = constructs.iter().find(|construct| construct["topic"] == "yield-from").expect("the yield from");
    assert_eq!(delegation["range"], serde_json::json!({"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 9}}));

    let text = pyexplain(&["scan", &missing]);
    assert_eq!(text.status.code(), Some(2));
    assert!(stderr(&text).contains("missing.py: no such file or directory"), "{}", stderr(&text));
}

#[test]
fn scan_columns_count_utf16_in_json_and_characters_in_text() {
    let dir = scratch("columns");
    let file = dir.join("emoji.py");
    std::fs::write(&file, "def g(it):\n    x = '😀'; y = yield from it\n").expect("write");
    let path = file.to_string_lossy().into_owned();
    let json: serde_json::Value = serde_json::from_slice(&pyexplain(&["scan", "--format", "json", &path]).stdout).expect("JSON");
    // `😀` is two UTF-16 code units and one character.
    let constructs = json["files"][0]["constructs"].as_array().expect("constructs");
    let delegation = constructs.iter().find(|construct| construct["topic"] == "yield-from").expect("the yield from");
    assert_eq!(delegation["range"]["start"], serde_json::json!({"line": 1, "character": 18}));
    let text = stdout(&pyexplain(&["scan", &path]));
    assert!(text.contains("emoji.py:2:18: yield-from:"), "{text}");
}

#[test]
fn usage_errors_exit_with_two() {
    assert_eq!(pyexplain(&["scan"]).status.code(), Some(2));
    assert_eq!(pyexplain(&["frobnicate"]).status.code(), Some(2));
    let version = pyexplain(&["--version"]);
    assert_eq!(version.status.code(), Some(0));
    assert!(stdout(&version).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn explain_prints_an_entry_and_suggests_close_ids() {
    let output = pyexplain(&["explain", "yield-from"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("yield from delegation\n---"), "{text}");
    assert!(text.contains("How it works") && !text.contains("\x1b["), "plain when piped");
    assert!(text.lines().all(|line| line.chars().count() <= 100 || line.starts_with("    ")), "wrapped");

    let markdown = stdout(&pyexplain(&["explain", "--format", "md", "metaclasses"]));
    assert!(markdown.starts_with("# Metaclasses\n"));

    let unknown = pyexplain(&["explain", "yeild-from"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(stderr(&unknown).contains("did you mean `yield-from`"), "{}", stderr(&unknown));
}

#[test]
fn topics_lists_every_id_with_its_title() {
    let text = stdout(&pyexplain(&["topics"]));
    assert_eq!(text.lines().count(), 26, "{text}");
    assert!(text.lines().any(|line| line == "yield-from\tyield from delegation"));
}

/// Runs the server binary, sending `messages` one by one and waiting for the reply to each
/// request, as a client does; returns its exit code.
fn serve(args: &[&str], messages: &[&str]) -> Option<i32> {
    use std::io::{BufRead, BufReader, Read};
    let mut child = Command::new(env!("CARGO_BIN_EXE_pyexplain"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let mut stdin = child.stdin.take().expect("piped stdin");
    let mut stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
    for message in messages {
        write!(stdin, "Content-Length: {}\r\n\r\n{}", message.len(), message).expect("the server reads");
        stdin.flush().expect("flush");
        if message.contains("\"id\"") {
            let mut length = 0;
            loop {
                let mut line = String::new();
                stdout.read_line(&mut line).expect("a header line");
                if line.trim().is_empty() {
                    break;
                }
                if let Some(value) = line.trim().strip_prefix("Content-Length: ") {
                    length = value.parse().expect("a length");
                }
            }
            let mut body = vec![0; length];
            stdout.read_exact(&mut body).expect("the reply");
        }
    }
    drop(stdin);
    child.wait().expect("the server exits").code()
}

const INITIALIZE: &str = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
const SHUTDOWN: &str = r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#;
const EXIT: &str = r#"{"jsonrpc":"2.0","method":"exit"}"#;

#[test]
fn exit_codes_follow_the_spec() {
    assert_eq!(serve(&[], &[INITIALIZE, SHUTDOWN, EXIT]), Some(0), "shutdown then exit");
    assert_eq!(serve(&["serve", "--stdio"], &[INITIALIZE, EXIT]), Some(1), "exit without shutdown");
}

#[test]
fn examples_are_valid_python() {
    let status = Command::new("python3")
        .args(["-m", "py_compile"])
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/inventory.py"))
        .status()
        .expect("python3 is installed");
    assert!(status.success());
}

/// `topics`, `explain` and `scan` in a project with a pack know the team's topics.
#[test]
fn the_commands_know_the_pack_of_the_project_they_run_in() {
    let team = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/team");
    let run =
        |args: &[&str]| Command::new(env!("CARGO_BIN_EXE_pyexplain")).args(args).current_dir(&team).output().expect("the binary runs");
    let topics = run(&["topics"]);
    assert!(stdout(&topics).contains("retry-policy\t@retry: the order service's retry policy\n"), "{}", stdout(&topics));
    let explained = run(&["explain", "retry-policy", "--format", "md"]);
    assert_eq!(explained.status.code(), Some(0), "{}", stderr(&explained));
    assert!(stdout(&explained).contains("Retry only idempotent calls"), "{}", stdout(&explained));
    let scanned = run(&["scan", "orders.py"]);
    assert!(stdout(&scanned).contains("orders.py:11:2: retry-policy: "), "{}", stdout(&scanned));
    // From the repository root, the built-in topics only (examples/team is a project of its own).
    assert_eq!(pyexplain(&["explain", "retry-policy"]).status.code(), Some(2));
    assert!(!stdout(&pyexplain(&["topics"])).contains("retry-policy"));
}

/// `scan` honours `[per-file-ignores]` of the project's config.toml and `ignore-file` comments,
/// as the server does.
#[test]
fn scan_honours_per_file_ignores_and_ignore_file_comments() {
    let root = std::env::temp_dir().join(format!("pyexplain-cli-ignores-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let write = |relative: &str, text: &str| {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("writable");
        std::fs::write(path, text).expect("writable");
    };
    let flagged = "def read(path):\n    handle = open(path)\n    return handle.read()\n";
    write("pyproject.toml", "[project]\nname = \"demo\"\n");
    write(".pyexplain/config.toml", "[per-file-ignores]\n\"tests/*.py\" = [\"open-without-with\"]\n");
    write("tests/test_io.py", flagged);
    write("src/io.py", flagged);
    write("src/quiet.py", &format!("# pyexplain: ignore-file[open-without-with]\n{flagged}"));
    let output = Command::new(env!("CARGO_BIN_EXE_pyexplain")).args(["scan", "."]).current_dir(&root).output().expect("the binary runs");
    let printed = stdout(&output);
    let _ = std::fs::remove_dir_all(&root);
    assert!(printed.contains("src/io.py:2:14: open-without-with"), "{printed}");
    assert!(!printed.contains("tests/test_io.py:2:14: open-without-with"), "{printed}");
    assert!(!printed.contains("src/quiet.py:3:14: open-without-with"), "{printed}");
}
