//! End-to-end tests in real editors, headless: Neovim 0.11.4 (editors/neovim/lsp), Neovim 0.7.2 (`setup()`), Emacs + Eglot and VS Code (code-server in Chromium, with our .vsix, and the platform .vsix that bundles the server).
//! Each editor opens tests/e2e/sample.py; Neovim and VS Code also open a scratch copy of
//! examples/team, whose `.pyexplain/` knowledge pack the server loads for that folder.
//! Neovim 0.11 also applies a teaching rewrite (`refactor.rewrite`) to tests/e2e/rewrite.py.
//!
//! Skipped unless `PYEXPLAIN_E2E=require`; then a missing editor is a failure.
//! `.ci/install-editors.sh` installs the editors; what is not an apt package
//! lives in `.e2e/` at the repository root (`PYEXPLAIN_E2E_DIR` overrides it):
//! `.e2e/bin/nvim-0.11`, `.e2e/node/node_modules` (code-server, playwright-core),
//! `.e2e/pyexplain.vsix` (built by `vsce package`) and `.e2e/pyexplain-bundled.vsix`. Neovim 0.7.2 (`nvim`), `emacs`, `node` and
//! `chromium` come from PATH (`PYEXPLAIN_E2E_NVIM07`, `PYEXPLAIN_E2E_CHROMIUM`
//! override the first and last). The drivers are in tests/e2e/; VS Code
//! screenshots go to target/tmp/editors/.

use std::env;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// 1-based line and column of the `yield` of `yield from inner()` in tests/e2e/sample.py.
const HOVER_AT: &str = "10:14";
/// 1-based line and column of the `for` of the loop that only re-yields.
const FIX_AT: &str = "15:5";
const HOVER_TITLE: &str = "`yield from` delegation";
const FIX_TITLE: &str = "Replace the loop with `yield from`";
const LOOP: &str = "    for x in it:\n        yield x\n";
const LOOP_FIXED: &str = "    yield from it\n";

/// The sample of a teaching rewrite, and the text Neovim's buffer must hold after it.
const REWRITE_SAMPLE: &str = "tests/e2e/rewrite.py";
const REWRITE_EXPECTED: &str = "tests/e2e/rewrite.expected.py";
/// 1-based line and column of the `with` in tests/e2e/rewrite.py, and of the class's name.
const REWRITE_HOVER_AT: &str = "16:1";
const REWRITE_AT: &str = "4:7";
const REWRITE_HOVER_TITLE: &str = "Context managers";
const REWRITE_TITLE: &str = "Rewrite `Timer` as a `@contextmanager` function";

/// The worked example of a workspace knowledge pack; the editors open a scratch copy of it.
const TEAM: &str = "examples/team";
/// 1-based line and column of `retry` in `@retry(times=5, delay=0.2)` in examples/team/orders.py.
const PACK_HOVER_AT: &str = "11:2";
const PACK_FILE: &str = ".pyexplain/knowledge/retry-policy/topic.md";
const PACK_TITLE: &str = "`@retry`: the order service's retry policy";
/// What the Neovim probe rewrites the pack's title to on disk, before it saves the buffer.
const PACK_TITLE_REWRITTEN: &str = "`@retry`: how the order service retries, rewritten";
/// 1-based line and column of the `with` in `fetch_order`.
const OVERRIDE_HOVER_AT: &str = "13:5";
/// A valid override of the built-in `context-managers` topic, written before the editor starts.
const OVERRIDE_FILE: &str = ".pyexplain/knowledge/context-managers/topic.md";
const OVERRIDE_TITLE: &str = "`with` in the order service: every connection is closed";
const BUILTIN_TITLE: &str = "Context managers";
/// An entry with bad front matter, written on disk while VS Code runs.
const BROKEN_FILE: &str = ".pyexplain/knowledge/broken/topic.md";
/// An entry whose one problem is on line 3 (the summary must be a string); it has anchors and
/// both required sections, so nothing else is reported before it.
const BROKEN: &str = "+++\ntitle = \"Broken\"\nsummary = 12\n\n[anchors]\ncalls = [\"ourlib.broken.call\"]\n+++\n\n## What it is\nA summary must be a string.\n\n## How it works\nIt is not one.\n";

fn main() -> ExitCode {
    if env::var("PYEXPLAIN_E2E").as_deref() != Ok("require") {
        println!("editors: skipped (set PYEXPLAIN_E2E=require to run the editor tests)");
        return ExitCode::SUCCESS;
    }
    let setup = Setup::new();
    let mut checks = Checks::default();
    neovim(&setup, &mut checks, NeovimRun::Enable);
    neovim(&setup, &mut checks, NeovimRun::Setup);
    neovim_rewrite(&setup, &mut checks);
    emacs(&setup, &mut checks);
    vscode(&setup, &mut checks);
    neovim_packs(&setup, &mut checks, NeovimRun::Enable);
    neovim_packs(&setup, &mut checks, NeovimRun::Setup);
    vscode_packs(&setup, &mut checks);
    vscode_bundled(&setup, &mut checks);
    println!("{} passed, {} failed", checks.passed, checks.failed);
    if checks.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Paths every editor run shares.
struct Setup {
    root: PathBuf,
    e2e: PathBuf,
    server: PathBuf,
    sample: String,
    expected_after_fix: String,
    /// PATH with the server's folder first, so the configs we ship find `pyexplain`.
    path_with_server: OsString,
    artifacts: PathBuf,
}

impl Setup {
    fn new() -> Setup {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let e2e = env::var_os("PYEXPLAIN_E2E_DIR").map(PathBuf::from).unwrap_or_else(|| root.join(".e2e"));
        let server = PathBuf::from(env!("CARGO_BIN_EXE_pyexplain"));
        let sample = fs::read_to_string(root.join("tests/e2e/sample.py")).expect("tests/e2e/sample.py is in the repository");
        assert!(sample.contains(LOOP), "tests/e2e/sample.py must contain the loop the quick fix replaces");
        let expected_after_fix = sample.replace(LOOP, LOOP_FIXED);
        let server_dir = server.parent().expect("the server binary is in a folder").to_path_buf();
        let mut dirs = vec![server_dir];
        dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
        let path_with_server = env::join_paths(dirs).expect("PATH entries without separators");
        let artifacts = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("editors");
        let _ = fs::remove_dir_all(&artifacts);
        fs::create_dir_all(&artifacts).expect("target/tmp is writable");
        Setup { root, e2e, server, sample, expected_after_fix, path_with_server, artifacts }
    }

    /// A fresh project folder outside the repository (so its `.git` is not the
    /// project root) holding the sample and a pyproject.toml.
    fn workspace(&self, name: &str) -> PathBuf {
        let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|elapsed| elapsed.as_nanos()).unwrap_or_default();
        let dir = env::temp_dir().join(format!("pyexplain-e2e-{name}-{}-{stamp}", std::process::id()));
        fs::create_dir_all(dir.join("home")).expect("the temp dir is writable");
        fs::write(dir.join("pyproject.toml"), "[project]\nname = \"sample\"\nversion = \"0.1.0\"\nrequires-python = \">=3.9\"\n")
            .expect("the temp dir is writable");
        fs::write(dir.join("sample.py"), &self.sample).expect("the temp dir is writable");
        dir
    }

    /// A fresh folder outside the repository with `home/` and `team/`, a copy of examples/team
    /// plus the override of `context-managers`. Returns the folder; the project is `team/`.
    fn team_workspace(&self, name: &str) -> PathBuf {
        let stamp = SystemTime::now().duration_since(UNIX_EPOCH).map(|elapsed| elapsed.as_nanos()).unwrap_or_default();
        let dir = env::temp_dir().join(format!("pyexplain-e2e-{name}-{}-{stamp}", std::process::id()));
        fs::create_dir_all(dir.join("home")).expect("the temp dir is writable");
        let team = dir.join("team");
        copy_dir(&self.root.join(TEAM), &team);
        let orders = fs::read_to_string(team.join("orders.py")).expect("examples/team/orders.py is in the repository");
        for (at, token) in [(PACK_HOVER_AT, "retry(times=5"), (OVERRIDE_HOVER_AT, "with ")] {
            assert!(text_at(&orders, at).is_some_and(|text| text.starts_with(token)), "examples/team/orders.py has no {token:?} at {at}");
        }
        let pack = fs::read_to_string(team.join(PACK_FILE)).expect("the example's pack is in the repository");
        assert!(pack.contains(&format!("title = \"{PACK_TITLE}\"")), "{TEAM}/{PACK_FILE} has another title than {PACK_TITLE:?}");
        let override_file = team.join(OVERRIDE_FILE);
        fs::create_dir_all(override_file.parent().expect("a file has a folder")).expect("the temp dir is writable");
        fs::write(override_file, override_topic()).expect("the temp dir is writable");
        dir
    }
}

/// The override of the built-in `context-managers` topic (valid: `pyexplain check-knowledge` accepts it).
fn override_topic() -> String {
    format!(
        "+++\ntitle = \"{OVERRIDE_TITLE}\"\n\
         summary = \"Our rule: a connection, file or lock is opened in a `with` statement, so it is released even when a retry gives up.\"\n\
         docs = \"https://docs.python.org/3/reference/compound_stmts.html#the-with-statement\"\n+++\n\n\
         ## What it is\nThe order service opens connections, files and locks only in a `with` statement.\n\n\
         ## How it works\nThe manager's `__exit__` runs when the block ends, however it ends, so a failed attempt of `@retry` leaves nothing open.\n"
    )
}

/// The text of `source` from 1-based `LINE:COL` (COL in characters) to the end of that line.
fn text_at(source: &str, at: &str) -> Option<String> {
    let (line, col) = at.split_once(':')?;
    let line = source.lines().nth(line.parse::<usize>().ok()?.checked_sub(1)?)?;
    Some(line.chars().skip(col.parse::<usize>().ok()?.checked_sub(1)?).collect())
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("the temp dir is writable");
    for entry in fs::read_dir(from).expect("the folder is in the repository").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            if entry.file_name() != "__pycache__" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            fs::copy(entry.path(), target).expect("the repository is readable");
        }
    }
}

#[derive(Default)]
struct Checks {
    passed: usize,
    failed: usize,
}

impl Checks {
    fn record(&mut self, name: &str, outcome: Result<String, String>) {
        match outcome {
            Ok(detail) => {
                self.passed += 1;
                println!("ok   {name}: {detail}");
            }
            Err(reason) => {
                self.failed += 1;
                println!("FAIL {name}: {reason}");
            }
        }
    }

    /// Fails every check of an editor that could not run.
    fn fail_all(&mut self, editor: &str, checks: &[&str], reason: &str) {
        for check in checks {
            self.record(&format!("{editor}: {check}"), Err(reason.to_string()));
        }
    }
}

#[derive(Clone, Copy)]
enum NeovimRun {
    /// Neovim 0.11.4 with editors/neovim/lsp/pyexplain.lua and `vim.lsp.enable('pyexplain')`.
    Enable,
    /// Neovim 0.7.2 with `require('pyexplain').setup()` from editors/neovim/lua.
    Setup,
}

const NEOVIM_CHECKS: [&str; 3] = ["hover shows the topic title", "diagnostics arrive", "quick fix gives the expected buffer"];

/// The editor's name in the report, its binary and the probe's PYX_MODE; `Err` when the binary is
/// not the version the run is for.
fn neovim_binary(run: NeovimRun, setup: &Setup) -> Result<(&'static str, PathBuf, &'static str), (&'static str, String)> {
    let (editor, binary, mode, want_version) = match run {
        NeovimRun::Enable => ("neovim 0.11.4 (lsp/pyexplain.lua)", setup.e2e.join("bin/nvim-0.11"), "enable", "NVIM v0.11.4"),
        NeovimRun::Setup => (
            "neovim 0.7.2 (require('pyexplain').setup())",
            env::var_os("PYEXPLAIN_E2E_NVIM07").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("nvim")),
            "setup",
            "NVIM v0.7.2",
        ),
    };
    let version = first_line_of(Command::new(&binary).arg("--version"));
    if !version.as_deref().is_some_and(|line| line.starts_with(want_version)) {
        let found = version.unwrap_or_else(|| "not runnable".to_string());
        return Err((editor, format!("{} is {found}, want {want_version}; run .ci/install-editors.sh", binary.display())));
    }
    Ok((editor, binary, mode))
}

/// Headless Neovim running tests/e2e/nvim_probe.lua in `cwd`, with a config and state of its own in `home`.
fn neovim_command(setup: &Setup, binary: &Path, mode: &str, cwd: &Path, home: &Path, report_file: &Path) -> Command {
    let mut command = Command::new(binary);
    command
        .args(["--headless", "--clean", "-n", "-i", "NONE", "--cmd"])
        .arg(format!("set rtp^={}", setup.root.join("editors/neovim").display()))
        .arg("-c")
        .arg(format!("luafile {}", setup.root.join("tests/e2e/nvim_probe.lua").display()))
        .current_dir(cwd)
        .env("PATH", &setup.path_with_server)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env("PYX_MODE", mode)
        .env("PYX_OUT", report_file)
        .env("PYX_TIMEOUT", "20000");
    command
}

fn neovim(setup: &Setup, checks: &mut Checks, run: NeovimRun) {
    let (editor, binary, mode) = match neovim_binary(run, setup) {
        Ok(found) => found,
        Err((editor, reason)) => {
            checks.fail_all(editor, &NEOVIM_CHECKS, &reason);
            return;
        }
    };
    let workspace = setup.workspace(mode);
    let report_file = workspace.join("report.txt");
    let mut command = neovim_command(setup, &binary, mode, &workspace, &workspace.join("home"), &report_file);
    command.env("PYX_FILE", workspace.join("sample.py")).env("PYX_HOVER", HOVER_AT).env("PYX_FIX", FIX_AT).env("PYX_APPLY", FIX_TITLE);
    let run_result = run_with_timeout(command, &workspace, Duration::from_secs(120));
    let report = fs::read_to_string(&report_file).unwrap_or_default();
    let context = describe_run(&run_result, &report);

    checks.record(
        &format!("{editor}: {}", NEOVIM_CHECKS[0]),
        match section(&report, "hover") {
            Some(hover) if hover.contains(HOVER_TITLE) => Ok(format!("{:?}", first_lines(&hover, 2))),
            Some(hover) => Err(format!("the hover float has no {HOVER_TITLE:?}: {hover:?}{context}")),
            None => Err(format!("no hover{context}")),
        },
    );
    let want_diagnostic = format!("{FIX_AT} HINT pyexplain yield-in-for-loop:");
    checks.record(
        &format!("{editor}: {}", NEOVIM_CHECKS[1]),
        match section(&report, "diagnostics") {
            Some(diagnostics) => match diagnostics.lines().find(|line| line.starts_with(&want_diagnostic)) {
                Some(line) => Ok(line.to_string()),
                None => Err(format!("no diagnostic starting {want_diagnostic:?} in {diagnostics:?}{context}")),
            },
            None => Err(format!("no diagnostics section{context}")),
        },
    );
    checks.record(
        &format!("{editor}: {}", NEOVIM_CHECKS[2]),
        match section(&report, "buffer after apply") {
            Some(buffer) if buffer.trim_end() == setup.expected_after_fix.trim_end() => Ok(format!("{FIX_TITLE:?} applied")),
            Some(buffer) => Err(format!(
                "after {FIX_TITLE:?} the buffer is\n{buffer}\nwant\n{}\ncode actions offered: {:?}{context}",
                setup.expected_after_fix,
                section_containing(&report, "code actions").unwrap_or_default()
            )),
            None => Err(format!("no buffer after apply{context}")),
        },
    );
    if run_result.is_ok() && !report.contains("== error") {
        let _ = fs::remove_dir_all(&workspace);
    }
}

const NEOVIM_REWRITE_CHECKS: [&str; 2] =
    ["the rewrite is offered as a refactor", "the rewrite gives the expected buffer (tests/e2e/rewrite.expected.py)"];

/// Neovim 0.11.4 asks for code actions on a context-manager class, picks the teaching rewrite and
/// applies its edit (the import and the function).
fn neovim_rewrite(setup: &Setup, checks: &mut Checks) {
    let (editor, binary, mode) = match neovim_binary(NeovimRun::Enable, setup) {
        Ok(found) => found,
        Err((editor, reason)) => {
            checks.fail_all(editor, &NEOVIM_REWRITE_CHECKS, &reason);
            return;
        }
    };
    let sample = fs::read_to_string(setup.root.join(REWRITE_SAMPLE)).expect("the rewrite sample is in the repository");
    let expected = fs::read_to_string(setup.root.join(REWRITE_EXPECTED)).expect("the rewrite's expected text is in the repository");
    assert!(
        text_at(&sample, REWRITE_AT).is_some_and(|text| text.starts_with("Timer:")),
        "{REWRITE_SAMPLE} has no `Timer:` at {REWRITE_AT}"
    );
    let workspace = setup.workspace("rewrite");
    fs::write(workspace.join("rewrite.py"), &sample).expect("the temp dir is writable");
    let report_file = workspace.join("report.txt");
    let mut command = neovim_command(setup, &binary, mode, &workspace, &workspace.join("home"), &report_file);
    command
        .env("PYX_FILE", workspace.join("rewrite.py"))
        .env("PYX_HOVER", REWRITE_HOVER_AT)
        .env("PYX_FIX", REWRITE_AT)
        .env("PYX_APPLY", REWRITE_TITLE)
        .env("PYX_DIAGNOSTICS", "none");
    let run_result = run_with_timeout(command, &workspace, Duration::from_secs(120));
    let report = fs::read_to_string(&report_file).unwrap_or_default();
    let context = describe_run(&run_result, &report);
    let offered = section_containing(&report, "code actions").unwrap_or_default();
    checks.record(
        &format!("{editor}: {}", NEOVIM_REWRITE_CHECKS[0]),
        if offered.contains(REWRITE_TITLE) && report.contains(REWRITE_HOVER_TITLE) {
            Ok(format!("{REWRITE_TITLE:?} offered"))
        } else {
            Err(format!("no {REWRITE_TITLE:?} among the code actions {offered:?} (or no hover){context}"))
        },
    );
    checks.record(
        &format!("{editor}: {}", NEOVIM_REWRITE_CHECKS[1]),
        match section(&report, "buffer after apply") {
            Some(buffer) if buffer.trim_end() == expected.trim_end() => Ok(format!("{REWRITE_TITLE:?} applied")),
            Some(buffer) => Err(format!("after {REWRITE_TITLE:?} the buffer is\n{buffer}\nwant\n{expected}{context}")),
            None => Err(format!("no buffer after apply{context}")),
        },
    );
    if run_result.is_ok() && !report.contains("== error") {
        let _ = fs::remove_dir_all(&workspace);
    }
}

const NEOVIM_PACK_CHECKS: [&str; 3] = [
    "hover shows the workspace pack's topic (examples/team)",
    "hover shows the pack's override of a built-in topic",
    "hover shows the pack's new title after it is rewritten on disk and the buffer saved",
];

/// orders.py in a scratch copy of examples/team, opened from the folder above it (which has no
/// root marker: the client finds the root by `.pyexplain`). Neovim 0.7.2 checks the pack's hover only.
fn neovim_packs(setup: &Setup, checks: &mut Checks, run: NeovimRun) {
    let wanted = match run {
        NeovimRun::Enable => &NEOVIM_PACK_CHECKS[..],
        NeovimRun::Setup => &NEOVIM_PACK_CHECKS[..1],
    };
    let (editor, binary, mode) = match neovim_binary(run, setup) {
        Ok(found) => found,
        Err((editor, reason)) => {
            checks.fail_all(editor, wanted, &reason);
            return;
        }
    };
    let dir = setup.team_workspace(&format!("{mode}-pack"));
    let team = dir.join("team");
    let report_file = dir.join("report.txt");
    let mut command = neovim_command(setup, &binary, mode, &dir, &dir.join("home"), &report_file);
    command.env("PYX_FILE", team.join("orders.py")).env("PYX_HOVER", PACK_HOVER_AT);
    if let NeovimRun::Enable = run {
        // Neovim on Linux offers no file watching: the server checks `.pyexplain/` on didSave.
        command
            .env("PYX_HOVERS", format!("override={OVERRIDE_HOVER_AT}"))
            .env("PYX_REWRITE", team.join(PACK_FILE))
            .env("PYX_REWRITE_FROM", PACK_TITLE)
            .env("PYX_REWRITE_TO", PACK_TITLE_REWRITTEN);
    }
    let run_result = run_with_timeout(command, &dir, Duration::from_secs(120));
    let report = fs::read_to_string(&report_file).unwrap_or_default();
    let context = describe_run(&run_result, &report);

    checks.record(&format!("{editor}: {}", wanted[0]), hover_shows(section(&report, "hover"), PACK_TITLE, None, &context));
    if let NeovimRun::Enable = run {
        checks.record(
            &format!("{editor}: {}", wanted[1]),
            hover_shows(section(&report, "hover override"), OVERRIDE_TITLE, Some(BUILTIN_TITLE), &context),
        );
        let header = report.lines().find(|line| line.starts_with("== hover after save")).unwrap_or_default();
        checks.record(
            &format!("{editor}: {}", wanted[2]),
            hover_shows(section_containing(&report, "hover after save"), PACK_TITLE_REWRITTEN, Some(PACK_TITLE), &context)
                .map(|shown| format!("{}: {shown}", header.trim_start_matches("== "))),
        );
    }
    if run_result.is_ok() && !report.contains("== error") {
        let _ = fs::remove_dir_all(&dir);
    }
}

fn emacs(setup: &Setup, checks: &mut Checks) {
    let editor = "emacs + eglot (editors/emacs/pyexplain-eglot.el)";
    let check = "hover text received";
    let Some(version) = first_line_of(Command::new("emacs").arg("--version")) else {
        checks.fail_all(editor, &[check], "`emacs` is not on PATH; run .ci/install-editors.sh");
        return;
    };
    let workspace = setup.workspace("emacs");
    let mut command = Command::new("emacs");
    command
        .args(["--batch", "-Q", "-l"])
        .arg(setup.root.join("tests/e2e/eglot_probe.el"))
        .current_dir(&workspace)
        .env("PATH", &setup.path_with_server)
        .env("HOME", workspace.join("home"))
        .env("PYX_CONFIG", setup.root.join("editors/emacs/pyexplain-eglot.el"))
        .env("PYX_FILE", workspace.join("sample.py"))
        .env("PYX_HOVER", HOVER_AT)
        .env("PYX_TIMEOUT", "20");
    let run_result = run_with_timeout(command, &workspace, Duration::from_secs(120));
    let report = run_result.as_ref().map(|output| output.stdout.clone()).unwrap_or_default();
    let context = describe_run(&run_result, &report);
    checks.record(
        &format!("{editor}: {check}"),
        match section(&report, "hover") {
            Some(hover) if hover.contains(HOVER_TITLE) => Ok(format!("{version}: {:?}", first_lines(&hover, 2))),
            Some(hover) => Err(format!("the hover has no {HOVER_TITLE:?}: {hover:?}{context}")),
            None => Err(format!("no hover{context}")),
        },
    );
    if run_result.is_ok() && !report.contains("== error") {
        let _ = fs::remove_dir_all(&workspace);
    }
}

const VSCODE_CHECKS: [&str; 4] = [
    "the hover widget shows the explanation",
    "the quick fix picked from the Ctrl+. menu changes the file",
    "the server's \"Explain:\" code action shows the entry in a Markdown preview",
    "\"pyexplain: Explain a topic\" shows the entry in a Markdown preview",
];

const VSCODE: &str = "vscode (code-server 4.100.3, .e2e/pyexplain.vsix)";

/// `node tests/e2e/vscode_drive.mjs` with code-server, Chromium, the .vsix and the server, its
/// screenshots going to `out`; `Err` when one is missing or the .vsix is stale.
fn vscode_command(setup: &Setup, out: &Path) -> Result<Command, String> {
    vscode_command_with(setup, out, "pyexplain.vsix", setup.server.as_os_str())
}

/// `vscode_command` with the .vsix `.e2e/<vsix>` and `--server <server>` (`bundled`: no
/// `pyexplain.path` setting).
fn vscode_command_with(setup: &Setup, out: &Path, vsix: &str, server: &std::ffi::OsStr) -> Result<Command, String> {
    let node_modules = setup.e2e.join("node/node_modules");
    let code_server = node_modules.join(".bin/code-server");
    let vsix = setup.e2e.join(vsix);
    let chromium = env::var_os("PYEXPLAIN_E2E_CHROMIUM").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    let missing: Vec<String> = [(&code_server, "code-server"), (&vsix, "the .vsix"), (&chromium, "chromium")]
        .iter()
        .filter(|(path, _)| !path.exists())
        .map(|(path, what)| format!("{what} ({})", path.display()))
        .collect();
    if !missing.is_empty() {
        return Err(format!("missing {}; run .ci/install-editors.sh", missing.join(", ")));
    }
    if let Some(newer) = newer_than(&setup.root.join("editors/vscode"), &vsix) {
        return Err(format!("{} is newer than the .vsix; rebuild it with .ci/install-editors.sh vsix", newer.display()));
    }
    let mut command = Command::new("node");
    command
        .arg(setup.root.join("tests/e2e/vscode_drive.mjs"))
        .arg("--node-modules")
        .arg(&node_modules)
        .arg("--code-server")
        .arg(&code_server)
        .arg("--chromium")
        .arg(&chromium)
        .arg("--vsix")
        .arg(&vsix)
        .arg("--server")
        .arg(server)
        .arg("--out")
        .arg(out);
    Ok(command)
}

fn vscode(setup: &Setup, checks: &mut Checks) {
    let editor = VSCODE;
    let out = setup.artifacts.join("vscode");
    let mut command = match vscode_command(setup, &out) {
        Ok(command) => command,
        Err(reason) => {
            checks.fail_all(editor, &VSCODE_CHECKS, &reason);
            return;
        }
    };
    let workspace = setup.workspace("vscode");
    command
        .arg("--file")
        .arg(workspace.join("sample.py"))
        .args(["--hover", HOVER_AT, "--fix", FIX_AT, "--apply", FIX_TITLE, "--explain-action", "Explain:", "--explain", "yield-from"])
        .current_dir(&workspace);
    let run_result = run_with_timeout(command, &workspace, Duration::from_secs(300));
    let report = run_result.as_ref().map(|output| output.stdout.clone()).unwrap_or_default();
    let context = describe_run(&run_result, &report) + &format!("\n  screenshots and the extension's log: {}", out.display());
    // The widget renders the Markdown: compare without its backticks.
    let rendered_title = HOVER_TITLE.replace('`', "");
    checks.record(
        &format!("{editor}: {}", VSCODE_CHECKS[0]),
        match section(&report, "hover") {
            Some(hover) if normalize(&hover).contains(&rendered_title) => Ok(format!("{:?}", first_lines(&hover, 2))),
            Some(hover) => Err(format!("the hover widget has no {rendered_title:?}: {hover:?}{context}")),
            None => Err(format!("no hover{context}")),
        },
    );
    checks.record(
        &format!("{editor}: {}", VSCODE_CHECKS[1]),
        match section_containing(&report, "file after apply") {
            Some(file) if file.trim_end() == setup.expected_after_fix.trim_end() => Ok(format!("{FIX_TITLE:?} applied and saved")),
            Some(file) => Err(format!(
                "after {FIX_TITLE:?} the file is\n{file}\nwant\n{}\nmenu: {:?}{context}",
                setup.expected_after_fix,
                section_containing(&report, "quick fix menu").unwrap_or_default()
            )),
            None => Err(format!("the quick fix was not applied; menu: {:?}{context}", section_containing(&report, "quick fix menu"))),
        },
    );
    checks.record(
        &format!("{editor}: {}", VSCODE_CHECKS[2]),
        match section_containing(&report, "explain action preview") {
            Some(preview) if normalize(&preview).contains(&rendered_title) => Ok(format!("{:?}", first_lines(&preview, 1))),
            Some(preview) => Err(format!("the preview has no {rendered_title:?}: {:?}{context}", first_lines(&preview, 5))),
            None => Err(format!("no preview{context}")),
        },
    );
    checks.record(
        &format!("{editor}: {}", VSCODE_CHECKS[3]),
        match section_containing(&report, "explain preview") {
            Some(preview) if normalize(&preview).contains(&rendered_title) => Ok(format!("{:?}", first_lines(&preview, 1))),
            Some(preview) => Err(format!("the preview has no {rendered_title:?}: {:?}{context}", first_lines(&preview, 5))),
            None => Err(format!("no preview{context}")),
        },
    );
    if run_result.is_ok() && !report.contains("== error") {
        let _ = fs::remove_dir_all(&workspace);
    }
}

const VSCODE_PACK_CHECKS: [&str; 5] = [
    "the hover widget shows the workspace pack's topic (examples/team)",
    "the hover widget shows the pack's override of a built-in topic",
    "an invalid entry written on disk is reported in a warning notification naming file:line",
    "the pack's topic still hovers after the invalid entry",
    "\"pyexplain: Explain a topic\" lists the pack's topic and previews it",
];

/// A scratch copy of examples/team as the workspace folder, in one session: the pack's topic and
/// the override hover, then an invalid entry is written on disk (VS Code watches `.pyexplain/`
/// for the server) and its warning shows while the pack keeps working.
fn vscode_packs(setup: &Setup, checks: &mut Checks) {
    let editor = VSCODE;
    let out = setup.artifacts.join("vscode-pack");
    let mut command = match vscode_command(setup, &out) {
        Ok(command) => command,
        Err(reason) => {
            checks.fail_all(editor, &VSCODE_PACK_CHECKS, &reason);
            return;
        }
    };
    let dir = setup.team_workspace("vscode-pack");
    let steps = serde_json::json!([
        {"open": "orders.py"},
        {"hover": PACK_HOVER_AT, "name": "pack"},
        {"hover": OVERRIDE_HOVER_AT, "name": "override"},
        {"write": BROKEN_FILE, "text": BROKEN},
        {"notification": BROKEN_FILE, "name": "warning"},
        {"hover": PACK_HOVER_AT, "name": "pack-after-warning"},
        {"explain": "retry-policy", "name": "pack"},
    ]);
    command.arg("--folder").arg(dir.join("team")).arg("--steps").arg(steps.to_string()).current_dir(&dir);
    let run_result = run_with_timeout(command, &dir, Duration::from_secs(300));
    let report = run_result.as_ref().map(|output| output.stdout.clone()).unwrap_or_default();
    let context = describe_run(&run_result, &report) + &format!("\n  screenshots and the extension's log: {}", out.display());

    checks.record(&format!("{editor}: {}", VSCODE_PACK_CHECKS[0]), hover_shows(section(&report, "hover pack"), PACK_TITLE, None, &context));
    checks.record(
        &format!("{editor}: {}", VSCODE_PACK_CHECKS[1]),
        hover_shows(section(&report, "hover override"), OVERRIDE_TITLE, Some(BUILTIN_TITLE), &context),
    );
    // The server names the line of the summary that is not a string.
    let broken_line = BROKEN.lines().position(|line| line.starts_with("summary")).map_or(0, |index| index + 1);
    let named = format!("{BROKEN_FILE}:{broken_line}:");
    checks.record(
        &format!("{editor}: {}", VSCODE_PACK_CHECKS[2]),
        match section(&report, "notification warning") {
            Some(toasts) => match toasts.lines().find(|toast| toast.contains(&named)) {
                Some(toast) if toast.starts_with("warning: ") => Ok(toast.to_string()),
                Some(toast) => Err(format!("the notification is not a warning: {toast:?}{context}")),
                None => Err(format!("no notification names {named:?}; shown: {toasts:?}{context}")),
            },
            None => Err(format!("no notification section{context}")),
        },
    );
    checks.record(
        &format!("{editor}: {}", VSCODE_PACK_CHECKS[3]),
        hover_shows(section(&report, "hover pack after warning"), PACK_TITLE, None, &context),
    );
    // The extension runs `pyexplain topics`/`explain` in the workspace folder: the pack's topic is listed.
    checks.record(
        &format!("{editor}: {}", VSCODE_PACK_CHECKS[4]),
        match section(&report, "explain-pack preview: retry-policy") {
            Some(preview) if normalize(&preview).contains(&normalize(PACK_TITLE)) => Ok(first_lines(&preview, 1)),
            Some(preview) => Err(format!("the preview has no {PACK_TITLE:?}: {preview:?}{context}")),
            None => Err(format!("no preview of retry-policy{context}")),
        },
    );
    if run_result.is_ok() && !report.contains("== error") {
        let _ = fs::remove_dir_all(&dir);
    }
}

const VSCODE_BUNDLED_CHECKS: [&str; 2] = [
    "the bundled server starts with no pyexplain on PATH and no pyexplain.path (the output channel names it and its version)",
    "the hover widget shows the explanation from the bundled server",
];

const VSCODE_BUNDLED: &str = "vscode (code-server 4.100.3, .e2e/pyexplain-bundled.vsix)";

/// The platform .vsix of `npm run package:bundled`, with nothing else to find: no `pyexplain.path`
/// setting, no `pyexplain` on the PATH of code-server (whose extension host reads PATH from a
/// login shell, so HOME is a fresh folder too), no Python extension.
fn vscode_bundled(setup: &Setup, checks: &mut Checks) {
    let editor = VSCODE_BUNDLED;
    let out = setup.artifacts.join("vscode-bundled");
    let mut command = match vscode_command_with(setup, &out, "pyexplain-bundled.vsix", std::ffi::OsStr::new("bundled")) {
        Ok(command) => command,
        Err(reason) => {
            checks.fail_all(editor, &VSCODE_BUNDLED_CHECKS, &reason);
            return;
        }
    };
    let workspace = setup.workspace("vscode-bundled");
    let path: Vec<PathBuf> =
        env::split_paths(&env::var_os("PATH").unwrap_or_default()).filter(|dir| !dir.join("pyexplain").exists()).collect();
    let path = env::join_paths(path).expect("PATH entries without separators");
    let steps = serde_json::json!([
        {"open": "sample.py"},
        {"hover": HOVER_AT, "name": "bundled"},
        {"output": "pyexplain: using"},
    ]);
    command
        .arg("--folder")
        .arg(&workspace)
        .arg("--steps")
        .arg(steps.to_string())
        .current_dir(&workspace)
        .env("PATH", &path)
        .env("HOME", workspace.join("home"))
        .env("SHELL", "/bin/sh");
    let run_result = run_with_timeout(command, &workspace, Duration::from_secs(300));
    let report = run_result.as_ref().map(|output| output.stdout.clone()).unwrap_or_default();
    let context = describe_run(&run_result, &report) + &format!("\n  screenshots and the extension's log: {}", out.display());

    let want = format!("(bundled): pyexplain {}", env!("CARGO_PKG_VERSION"));
    checks.record(
        &format!("{editor}: {}", VSCODE_BUNDLED_CHECKS[0]),
        match section(&report, "output channel") {
            Some(log) => match log.lines().find(|line| line.contains("pyexplain: using")) {
                Some(line) if line.contains("/bundled/bin/pyexplain ") && line.ends_with(&want) => Ok(line.to_string()),
                Some(line) => Err(format!("the server used is not the bundled one, or not this version ({want:?}): {line:?}{context}")),
                None => Err(format!("the output channel names no server: {log:?}{context}")),
            },
            None => Err(format!("no output channel{context}")),
        },
    );
    checks.record(
        &format!("{editor}: {}", VSCODE_BUNDLED_CHECKS[1]),
        hover_shows(section(&report, "hover bundled"), HOVER_TITLE, None, &context),
    );
    if run_result.is_ok() && !report.contains("== error") {
        let _ = fs::remove_dir_all(&workspace);
    }
}

/// Whether a hover shows `title` and not `instead`, compared as rendered text (Neovim shows the
/// Markdown, VS Code renders it).
fn hover_shows(hover: Option<String>, title: &str, instead: Option<&str>, context: &str) -> Result<String, String> {
    let Some(hover) = hover else { return Err(format!("no hover{context}")) };
    let shown = normalize(&hover);
    if !shown.contains(&normalize(title)) {
        return Err(format!("the hover has no {title:?}: {hover:?}{context}"));
    }
    match instead {
        Some(instead) if shown.contains(&normalize(instead)) => Err(format!("the hover still has {instead:?}: {hover:?}{context}")),
        _ => Ok(format!("{:?}", first_lines(&hover, 2))),
    }
}

struct Output {
    status: std::process::ExitStatus,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs `command` in its own process group with stdout/stderr in files under
/// `dir`; on timeout kills the whole group (the editor and the server it started).
fn run_with_timeout(mut command: Command, dir: &Path, limit: Duration) -> Result<Output, String> {
    use std::os::unix::process::CommandExt;
    let stdout_file = dir.join("stdout.txt");
    let stderr_file = dir.join("stderr.txt");
    let stdout = fs::File::create(&stdout_file).map_err(|error| error.to_string())?;
    let stderr = fs::File::create(&stderr_file).map_err(|error| error.to_string())?;
    command.stdin(Stdio::null()).stdout(stdout).stderr(stderr).process_group(0);
    let started = Instant::now();
    let mut child = command.spawn().map_err(|error| format!("cannot start {:?}: {error}", command.get_program()))?;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = Command::new("kill").arg("-KILL").arg(format!("-{}", child.id())).status();
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "timed out after {} s; stderr: {}",
                    limit.as_secs(),
                    tail(&fs::read_to_string(&stderr_file).unwrap_or_default(), 20)
                ));
            }
            Ok(None) => thread::sleep(Duration::from_millis(100)),
            Err(error) => return Err(error.to_string()),
        }
    };
    Ok(Output {
        status,
        stdout: fs::read_to_string(&stdout_file).unwrap_or_default(),
        stderr: fs::read_to_string(&stderr_file).unwrap_or_default(),
        elapsed: started.elapsed(),
    })
}

/// What to print after a failed check: the run's exit status, errors and stderr.
fn describe_run(run_result: &Result<Output, String>, report: &str) -> String {
    match run_result {
        Err(reason) => format!("\n  run: {reason}\n  report:\n{}", indent(report)),
        Ok(output) => {
            let errors: Vec<&str> = report.lines().filter(|line| line.starts_with("== error")).collect();
            format!(
                "\n  run: {} in {:.1} s; {}\n  report:\n{}\n  stderr (end):\n{}",
                output.status,
                output.elapsed.as_secs_f64(),
                if errors.is_empty() { "no errors reported".to_string() } else { errors.join("; ") },
                indent(report),
                indent(&tail(&output.stderr, 20))
            )
        }
    }
}

/// The lines after `== NAME` up to the next `== ` line (NAME may be followed by ` (count)`).
fn section(report: &str, name: &str) -> Option<String> {
    section_where(report, |header| header == name || header.starts_with(&format!("{name} (")))
}

/// Like `section`, for a header that starts with `name` (`== file after apply: TITLE`).
fn section_containing(report: &str, name: &str) -> Option<String> {
    section_where(report, |header| header.starts_with(name))
}

fn section_where(report: &str, matches: impl Fn(&str) -> bool) -> Option<String> {
    let mut lines = report.lines();
    lines.find(|line| line.strip_prefix("== ").is_some_and(&matches))?;
    let body: Vec<&str> = lines.take_while(|line| !line.starts_with("== ")).collect();
    Some(body.join("\n"))
}

/// Rendered text: no Markdown backticks or emphasis, single spaces.
fn normalize(text: &str) -> String {
    text.replace(['`', '*'], "").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn first_lines(text: &str, count: usize) -> String {
    text.lines().filter(|line| !line.trim().is_empty()).take(count).collect::<Vec<_>>().join(" | ")
}

fn tail(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(count)..].join("\n")
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}")).collect::<Vec<_>>().join("\n")
}

fn first_line_of(command: &mut Command) -> Option<String> {
    let output = command.stdin(Stdio::null()).output().ok()?;
    let text = String::from_utf8_lossy(&output.stdout);
    output.status.success().then(|| text.lines().next().unwrap_or_default().trim().to_string())
}

/// The first source file of the extension (package.json, its lock, src/) modified after `built`.
fn newer_than(extension: &Path, built: &Path) -> Option<PathBuf> {
    let built_at = fs::metadata(built).and_then(|meta| meta.modified()).ok()?;
    let mut candidates = vec![extension.join("package.json"), extension.join("package-lock.json")];
    if let Ok(entries) = fs::read_dir(extension.join("src")) {
        candidates.extend(entries.flatten().map(|entry| entry.path()));
    }
    candidates.into_iter().find(|path| fs::metadata(path).and_then(|meta| meta.modified()).is_ok_and(|modified| modified > built_at))
}
