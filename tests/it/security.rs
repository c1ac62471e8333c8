//! The server never runs, imports or evaluates the code it explains, and reads no file but the
//! documents the editor sends, the workspace's `pyproject.toml`, its `.pyexplain/` files and, as
//! text for the workspace index, the `.py` files of the workspace folders (read-only).
//! Both checked on the real binary over stdio: documents whose code leaves marker files when run
//! or imported, and the server's file opens traced with `strace`.

use crate::support::stdio;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};

use stdio::{range, utf16_position, Session, TempDir};

/// The document: every statement leaves a marker file in `MARKERS` when the code is run,
/// imported or evaluated; so do the sibling modules it imports.
const MAIN: &str = r#""""Every way this module could be run leaves a marker file in MARKERS."""
import importlib
import os
import pickle
import subprocess

import sibling
from sibling import planted
import pkg.side_effect

open("MARKERS/open_write", "w").write("run")
os.system("touch MARKERS/os_system")
subprocess.run(["touch", "MARKERS/subprocess"], check=False)
exec("open('MARKERS/exec', 'w').write('run')")
eval("open('MARKERS/eval', 'w').write('run')")
__import__("sibling_dunder")
importlib.import_module("sibling_importlib")


class Meta(type):
    def __new__(mcs, name, bases, namespace):
        open("MARKERS/metaclass", "w").write("run")
        return super().__new__(mcs, name, bases, namespace)


class Model(metaclass=Meta):
    pass


def default(handle=open("MARKERS/default_argument", "w")):
    return handle


def decorate(function):
    open("MARKERS/decorator", "w").write("run")
    return function


@decorate
def decorated():
    yield from range(3)


class Payload:
    def __reduce__(self):
        return (os.system, ("touch MARKERS/pickle",))


pickle.loads(pickle.dumps(Payload()))

with open("MARKERS/with_open", "w") as handle:
    handle.write("run")
"#;

/// Workspace files the server must neither import nor read: (path, text).
const SIBLINGS: &[(&str, &str)] = &[
    ("sibling.py", "open(\"MARKERS/sibling_imported\", \"w\").write(\"imported\")\nplanted = True\n"),
    ("sibling_dunder.py", "open(\"MARKERS/sibling_dunder\", \"w\").write(\"imported\")\n"),
    ("sibling_importlib.py", "open(\"MARKERS/sibling_importlib\", \"w\").write(\"imported\")\n"),
    ("pkg/__init__.py", "open(\"MARKERS/pkg_init\", \"w\").write(\"imported\")\n"),
    ("pkg/side_effect.py", "open(\"MARKERS/pkg_side_effect\", \"w\").write(\"imported\")\n"),
    ("sitecustomize.py", "open(\"MARKERS/sitecustomize\", \"w\").write(\"imported\")\n"),
    ("usercustomize.py", "open(\"MARKERS/usercustomize\", \"w\").write(\"imported\")\n"),
    ("conftest.py", "open(\"MARKERS/conftest\", \"w\").write(\"imported\")\n"),
    ("setup.py", "open(\"MARKERS/setup\", \"w\").write(\"run\")\n"),
];

/// The markers a Python run of `main.py` leaves (checked with `python3` when it is installed).
const EXPECTED_MARKERS: &[&str] = &[
    "decorator",
    "default_argument",
    "eval",
    "exec",
    "metaclass",
    "open_write",
    "os_system",
    "pickle",
    "pkg_init",
    "pkg_side_effect",
    "sibling_dunder",
    "sibling_imported",
    "sibling_importlib",
    "subprocess",
    "with_open",
];

const PYPROJECT: &str = "[project]\nname = \"victim\"\nrequires-python = \">=3.10\"\n";

/// A workspace with `main.py` on disk (its disk text differs from what the editor sends), the
/// sibling modules, a `pyproject.toml` and an empty `markers/` directory.
fn workspace(label: &str) -> (TempDir, PathBuf) {
    let dir = TempDir::new(label);
    let markers = dir.path().join("markers");
    std::fs::create_dir_all(&markers).expect("markers dir");
    std::fs::create_dir_all(dir.path().join("pkg")).expect("pkg dir");
    let fill = |text: &str| text.replace("MARKERS", &markers.display().to_string());
    std::fs::write(dir.path().join("main.py"), fill(MAIN)).expect("main.py");
    for (path, text) in SIBLINGS {
        std::fs::write(dir.path().join(path), fill(text)).expect("sibling");
    }
    std::fs::write(dir.path().join("pyproject.toml"), PYPROJECT).expect("pyproject.toml");
    (dir, markers)
}

/// Every file and directory below `dir`, relative, sorted.
fn listing(dir: &Path) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("readable dir").flatten() {
            let path = entry.path();
            found.insert(path.strip_prefix(dir).expect("below dir").display().to_string());
            if path.is_dir() {
                stack.push(path);
            }
        }
    }
    found
}

fn start_in(mut command: Command, dir: &TempDir) -> Session {
    // Started from the workspace, as editors do: a relative path the server opened would be
    // one of the workspace's files.
    command.current_dir(dir.path());
    let mut session = Session::spawn(command);
    let root = dir.uri("");
    let result = session.initialize(json!({
        "rootUri": root,
        "workspaceFolders": [{"uri": root, "name": "victim"}],
        "capabilities": {"window": {"showDocument": {"support": false}}, "workspace": {"configuration": false}},
    }));
    assert!(result["capabilities"]["executeCommandProvider"]["commands"].is_array(), "{result}");
    session
}

/// Drives every request the server answers over the document: diagnostics, a hover on every
/// word, code actions on every line and for every diagnostic, every command those actions carry
/// and hostile command arguments, edits, save and close. Returns how many requests it sent.
fn exercise(session: &mut Session, dir: &TempDir, markers: &Path) -> usize {
    let mut requests = 0;
    let uri = dir.uri("main.py");
    // What the editor shows is not what is on disk: the server must use the sent text.
    let mut text = MAIN.replace("MARKERS", &markers.display().to_string()) + "\n\nunsaved = 'only in the editor'\n";
    session.open(&uri, &text, 1);
    let diagnostics = session.diagnostics(&uri, 1);
    assert!(!diagnostics.is_empty(), "the document has pitfalls (open without with, pickle.loads): no diagnostics");
    // The sibling too, as when the user opens it in a tab.
    let sibling_uri = dir.uri("sibling.py");
    session.open(&sibling_uri, &SIBLINGS[0].1.replace("MARKERS", &markers.display().to_string()), 1);
    session.diagnostics(&sibling_uri, 1);

    let mut commands = Vec::new();
    let mut ask = |session: &mut Session, range: Value, context: Value| {
        let actions = session.result("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": range, "context": context}));
        for action in actions.as_array().into_iter().flatten() {
            let command = if action["command"].is_object() { &action["command"] } else { action };
            if command["command"].is_string() {
                commands.push(command.clone());
            }
        }
    };
    // A hover and the invoked code actions (which offer "Explain: ..." commands) on every word.
    let mut explained = false;
    for (offset, _) in text.match_indices(|ch: char| ch.is_ascii_alphabetic() || ch == '_' || ch == '@') {
        let previous = text[..offset].chars().next_back();
        if previous.is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '_') {
            continue;
        }
        let (line, character) = utf16_position(&text, offset);
        let hover = session.hover(&uri, line, character);
        explained |= hover["contents"]["value"].as_str().is_some_and(|value| value.contains("`yield from` delegation"));
        ask(session, range((line, character), (line, character)), json!({"diagnostics": [], "triggerKind": 1}));
        requests += 2;
    }
    assert!(explained, "no hover explained the `yield from`: the hovers did not reach the analysis");
    let lines = text.lines().count() as u32;
    for diagnostic in &diagnostics {
        ask(session, diagnostic["range"].clone(), json!({"diagnostics": [diagnostic]}));
        requests += 1;
    }
    ask(session, range((0, 0), (lines, 0)), json!({"diagnostics": diagnostics, "only": ["source.fixAll"]}));
    requests += 1;
    assert!(!commands.is_empty(), "no code action carried a command to run");
    for command in &commands {
        let reply = session.request("workspace/executeCommand", json!({"command": command["command"], "arguments": command["arguments"]}));
        assert!(reply.get("error").is_none(), "{command}: {reply}");
        requests += 1;
    }
    // Hostile commands and arguments: errors, nothing run.
    let hostile = [
        json!({"command": "pyexplain.server.explain", "arguments": [format!("__import__('os').system('touch {}/execute_command')", markers.display())]}),
        json!({"command": "pyexplain.server.explain", "arguments": ["../../../../etc/passwd"]}),
        json!({"command": "pyexplain.server.explain", "arguments": [dir.path().join("sibling.py").display().to_string()]}),
        json!({"command": "pyexplain.server.explain", "arguments": [text.clone()]}),
        json!({"command": "python", "arguments": [dir.path().join("main.py").display().to_string()]}),
        json!({"command": "sh", "arguments": ["-c", format!("touch {}/shell", markers.display())]}),
    ];
    for params in hostile {
        let reply = session.request("workspace/executeCommand", params.clone());
        assert!(reply.get("error").is_some(), "{params} was not refused: {reply}");
        requests += 1;
    }

    // An edit that adds more code to run, then a hover on it; a save with the text; the
    // configuration changing (which re-analyses); the workspace's files changing on disk.
    let line = text.lines().count() as u32;
    let added = format!("os.system('touch {}/after_edit')\n", markers.display());
    session.change(&uri, 2, json!([{"range": range((line, 0), (line, 0)), "text": added}]));
    text.push_str(&added);
    session.diagnostics(&uri, 2);
    session.hover(&uri, line, 0);
    session.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}, "text": text}));
    session.notify("workspace/didChangeConfiguration", json!({"settings": {"pyexplain": {"hover": {"detail": "full"}}}}));
    session.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": dir.uri("sibling.py"), "type": 2}, {"uri": dir.uri("pkg/side_effect.py"), "type": 1}]}),
    );
    let document = session.debug_document(&uri);
    assert_eq!(document["text"].as_str(), Some(text.as_str()), "the server's text is the editor's, not the disk's");
    session.close(&uri);
    session.close(&sibling_uri);
    requests + 4
}

#[test]
fn user_code_is_never_run_imported_or_evaluated() {
    let (dir, markers) = workspace("security-run");
    let before = listing(dir.path());

    // The control: Python running the same files leaves the markers, so their absence below
    // means something.
    match Command::new("python3").arg("-c").arg("import sys").output() {
        Ok(output) if output.status.success() => {
            let (control, control_markers) = workspace("security-control");
            let run = Command::new("python3").arg("main.py").current_dir(control.path()).output().expect("python3 runs");
            assert!(run.status.success(), "the control run failed:\n{}", String::from_utf8_lossy(&run.stderr));
            let left: BTreeSet<String> = listing(&control_markers);
            let expected: BTreeSet<String> = EXPECTED_MARKERS.iter().map(|name| (*name).to_owned()).collect();
            assert_eq!(left, expected, "the control run of python3 main.py");
            println!("security: the control run of python3 left {} markers", left.len());
        }
        _ => println!("security: python3 is not installed; the control run is skipped"),
    }

    let mut session = start_in(Command::new(env!("CARGO_BIN_EXE_pyexplain")), &dir);
    let pid = session.pid();
    let requests = exercise(&mut session, &dir, &markers);
    // No child process is left either (a transient one would have left a marker).
    let children = std::fs::read_dir(format!("/proc/{pid}/task"))
        .map(|tasks| {
            tasks.flatten().map(|task| std::fs::read_to_string(task.path().join("children")).unwrap_or_default()).collect::<String>()
        })
        .unwrap_or_default();
    assert!(children.trim().is_empty(), "the server has child processes: {children}");
    session.finish();

    let markers_left = listing(&markers);
    assert!(markers_left.is_empty(), "user code ran: markers {markers_left:?}");
    let after = listing(dir.path());
    assert_eq!(after, before, "the workspace changed (a __pycache__ means an import)");
    println!("security: {requests} requests over the document, no marker, the workspace unchanged");
}

/// `strace` in this environment, or why not.
fn strace_usable() -> Result<(), String> {
    match Command::new("strace").args(["-f", "-e", "trace=openat", "-o", "/dev/null", "true"]).output() {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(format!("strace cannot trace here: {}", String::from_utf8_lossy(&output.stderr).trim())),
        Err(error) => Err(format!("strace is not installed ({error})")),
    }
}

/// One traced call: the syscall and its path argument.
#[derive(Debug)]
struct Traced {
    call: String,
    path: String,
    /// The call opens for reading only: no `O_WRONLY`, `O_RDWR`, `O_CREAT` or `O_TRUNC`.
    read_only: bool,
}

/// The path-taking calls of an `strace -f -o` file: `PID call(args) = result`, or split into
/// `PID call(args <unfinished ...>` and `PID <... call resumed>...`; the path is the first
/// quoted string of the first part.
fn parse_trace(trace: &str) -> Vec<Traced> {
    let mut calls = Vec::new();
    for line in trace.lines() {
        let rest = line.split_once(' ').map(|(_, rest)| rest.trim_start()).unwrap_or(line);
        if rest.starts_with("<...") || rest.starts_with("+++") || rest.starts_with("---") {
            continue;
        }
        let Some((call, args)) = rest.split_once('(') else { continue };
        let Some(start) = args.find('"') else { continue };
        let quoted = &args[start + 1..];
        let mut path = String::new();
        let mut chars = quoted.chars();
        while let Some(ch) = chars.next() {
            match ch {
                '"' => break,
                '\\' => path.push(chars.next().unwrap_or('\\')),
                _ => path.push(ch),
            }
        }
        let writes = ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC"].iter().any(|flag| args.contains(flag));
        let read_only = !writes && call != "creat";
        calls.push(Traced { call: call.to_owned(), path, read_only });
    }
    calls
}

#[test]
fn reads_only_what_the_editor_sends_and_the_workspace_settings() {
    if let Err(why) = strace_usable() {
        println!("security: skipped reads_only_what_the_editor_sends_and_the_workspace_settings: {why}");
        return;
    }
    let (dir, markers) = workspace("security-files");
    let trace_dir = TempDir::new("security-trace");
    let trace_file = trace_dir.path().join("trace");
    let binary = Path::new(env!("CARGO_BIN_EXE_pyexplain")).canonicalize().expect("the binary exists");
    let mut command = Command::new("strace");
    command.arg("-f").args(["-e", "trace=open,openat,openat2,creat,execve,execveat", "-o"]).arg(&trace_file).arg(&binary);
    let mut session = start_in(command, &dir);
    let requests = exercise(&mut session, &dir, &markers);
    session.finish();

    let trace = std::fs::read_to_string(&trace_file).expect("strace wrote its trace");
    let calls = parse_trace(&trace);
    let pyproject = dir.path().join("pyproject.toml");
    // The workspace's own settings and pack (README: "Team knowledge packs").
    let settings = dir.path().join(".pyexplain");
    let mut opened = BTreeSet::new();
    let mut violations = Vec::new();
    let mut executed = Vec::new();
    for traced in &calls {
        if traced.call.starts_with("execve") {
            executed.push(traced.path.clone());
            continue;
        }
        let path = if traced.path.starts_with('/') { PathBuf::from(&traced.path) } else { dir.path().join(&traced.path) };
        opened.insert(path.display().to_string());
        let system = ["/etc/ld.so.", "/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/proc/", "/sys/", "/dev/"]
            .iter()
            .any(|prefix| traced.path.starts_with(prefix));
        // The dynamic loader looks for the binary's libraries along LD_LIBRARY_PATH (cargo
        // sets it for tests) before the system directories.
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        let library = name.ends_with(".so") || name.contains(".so.");
        // The workspace index reads the folder's `.py` files as text, and lists its folders.
        let indexed = path.starts_with(dir.path()) && traced.read_only && (name.ends_with(".py") || path.is_dir());
        let allowed = path == pyproject
            || path.starts_with(&settings)
            || indexed
            || (!path.starts_with(dir.path()) && (system || library) && !name.ends_with(".py"));
        if !allowed {
            violations.push(format!("{}({:?})", traced.call, traced.path));
        }
    }
    println!("security: {requests} requests traced; the server opened {} distinct paths:", opened.len());
    for path in &opened {
        println!("security:   {path}");
    }
    assert!(
        opened.contains(&pyproject.display().to_string()),
        "the trace does not show pyproject.toml read: is strace tracing the server?\n{trace}"
    );
    assert!(violations.is_empty(), "the server opened files the editor did not send: {violations:#?}");
    let sibling = dir.path().join(SIBLINGS[0].0).display().to_string();
    assert!(opened.contains(&sibling), "the workspace index did not read {sibling}: is the index built?");
    assert_eq!(executed, vec![binary.display().to_string()], "the server executed a program");
}
