//! The Python package as a user without Rust gets it: the wheel that maturin builds from
//! pyproject.toml, installed with pip into a fresh virtual environment whose PATH has no cargo
//! or rustc, then `pyexplain --version`, `pyexplain scan examples/`, `python -m pyexplain
//! explain yield-from` and an LSP session with a hover through the installed executable.
//! Also the sdist's contents (building the wheel from it is a second release build; the README
//! says how).
//!
//! Skipped, with one line saying so, unless `PYEXPLAIN_E2E=require`; then a missing maturin or
//! python3 is a failure. `.ci/run` installs maturin. The wheel build is a release build (LTO,
//! one codegen unit): a few minutes on two cores, less when `target/release` is up to date.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Instant;

use serde_json::json;

use crate::support::stdio::Session;

const VERSION: &str = env!("CARGO_PKG_VERSION");

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
fn run(command: &mut Command) -> Output {
    let output = command.output().unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"));
    assert!(output.status.success(), "{command:?} failed ({}):\n{}\n{}", output.status, text(&output.stdout), text(&output.stderr));
    output
}

/// `maturin` on PATH, else python3's `maturin` module (`pip install maturin` puts either there).
fn maturin() -> Command {
    if Command::new("maturin").arg("--version").output().is_ok_and(|output| output.status.success()) {
        return Command::new("maturin");
    }
    let mut command = Command::new("python3");
    command.args(["-m", "maturin"]);
    let works = Command::new("python3").args(["-m", "maturin", "--version"]).output().is_ok_and(|output| output.status.success());
    assert!(works, "PYEXPLAIN_E2E=require, but maturin is missing (pip install maturin; .ci/run does)");
    command
}

/// This PATH without the folders that hold a Rust toolchain, `venv_bin` first.
fn path_without_rust(venv_bin: &Path) -> OsString {
    let rust = ["cargo", "rustc", "rustup"];
    let mut dirs = vec![venv_bin.to_path_buf()];
    for dir in std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()) {
        if !rust.iter().any(|tool| dir.join(tool).exists()) {
            dirs.push(dir);
        }
    }
    std::env::join_paths(dirs).expect("PATH entries without separators")
}

/// The first `name` on `path`, as a shell would find it.
fn which(name: &str, path: &OsString) -> Option<PathBuf> {
    std::env::split_paths(path).map(|dir| dir.join(name)).find(|candidate| candidate.is_file())
}

/// A command that sees only the clean PATH: no cargo, no Rust environment variables.
fn clean(program: impl AsRef<std::ffi::OsStr>, path: &OsString, home: &Path) -> Command {
    let mut command = Command::new(program);
    command.env_clear().env("PATH", path).env("HOME", home).env("PIP_DISABLE_PIP_VERSION_CHECK", "1").env("PIP_NO_CACHE_DIR", "1");
    if let Some(tmp) = std::env::var_os("TMPDIR") {
        command.env("TMPDIR", tmp);
    }
    command.current_dir(root());
    command
}

/// The names in a zip or tar.gz archive, listed by Python's standard library.
fn archive_names(archive: &Path) -> Vec<String> {
    let script = "import sys, tarfile, zipfile\n\
                  p = sys.argv[1]\n\
                  names = zipfile.ZipFile(p).namelist() if p.endswith('.whl') else tarfile.open(p).getnames()\n\
                  print('\\n'.join(names))\n";
    let output = run(Command::new("python3").arg("-c").arg(script).arg(archive));
    text(&output.stdout).lines().map(str::to_owned).collect()
}

fn only_file(dir: &Path, suffix: &str) -> PathBuf {
    let found: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("maturin wrote its output folder")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.to_string_lossy().ends_with(suffix))
        .collect();
    assert_eq!(found.len(), 1, "one {suffix} in {}: {found:?}", dir.display());
    found[0].clone()
}

#[test]
fn the_wheel_installs_a_working_pyexplain_without_rust() {
    if std::env::var("PYEXPLAIN_E2E").as_deref() != Ok("require") {
        // Straight to stderr: the test harness keeps what `println!` prints in a passing test.
        let _ =
            writeln!(std::io::stderr(), "install: skipped (set PYEXPLAIN_E2E=require to build the wheel and install it into a fresh venv)");
        return;
    }
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("install");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(work.join("home")).expect("target/tmp is writable");

    // The wheel, as `pip install .` would build it.
    let started = Instant::now();
    run(maturin().args(["build", "--release", "--locked", "--out"]).arg(work.join("wheels")).current_dir(root()));
    let _ = writeln!(std::io::stderr(), "install: maturin build --release took {:.0} s", started.elapsed().as_secs_f64());
    let wheel = only_file(&work.join("wheels"), ".whl");
    let name = wheel.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    assert!(name.starts_with(&format!("pyexplain-{VERSION}-py3-none-")), "the version comes from Cargo.toml: {name}");
    let names = archive_names(&wheel);
    for wanted in [format!("pyexplain-{VERSION}.data/scripts/pyexplain"), "pyexplain/__init__.py".into(), "pyexplain/__main__.py".into()] {
        assert!(names.contains(&wanted), "{wanted} is not in {name}: {names:?}");
    }

    // A fresh environment and a PATH on which no Rust toolchain is found.
    run(Command::new("python3").args(["-m", "venv"]).arg(work.join("venv")));
    let venv_bin = work.join("venv/bin");
    let path = path_without_rust(&venv_bin);
    for tool in ["cargo", "rustc"] {
        assert_eq!(which(tool, &path), None, "{tool} is still on the test's PATH");
    }
    let home = work.join("home");
    run(clean(venv_bin.join("python"), &path, &home).args(["-m", "pip", "install", "--no-index", "--no-deps"]).arg(&wheel));

    let installed = which("pyexplain", &path).expect("pip put pyexplain on the environment's scripts path");
    assert_eq!(installed, venv_bin.join("pyexplain"));
    let version = run(clean(&installed, &path, &home).arg("--version"));
    assert_eq!(text(&version.stdout), format!("pyexplain {VERSION}\n"));

    // The installed binary says what the one under test says.
    let scan = run(clean(&installed, &path, &home).args(["scan", "examples/"]));
    let expected = run(Command::new(env!("CARGO_BIN_EXE_pyexplain")).args(["scan", "examples/"]).current_dir(root()));
    assert!(text(&scan.stdout).contains("examples/inventory.py:86:9: yield-from: "), "{}", text(&scan.stdout));
    assert_eq!(text(&scan.stdout), text(&expected.stdout));

    // `python -m pyexplain` finds the executable and passes arguments and exit codes on.
    let explained = run(clean(venv_bin.join("python"), &path, &home).args(["-m", "pyexplain", "explain", "yield-from"]));
    let expected = run(Command::new(env!("CARGO_BIN_EXE_pyexplain")).args(["explain", "yield-from"]).current_dir(root()));
    assert!(text(&explained.stdout).contains("yield from"), "{}", text(&explained.stdout));
    assert_eq!(text(&explained.stdout), text(&expected.stdout));
    let unknown =
        clean(venv_bin.join("python"), &path, &home).args(["-m", "pyexplain", "explain", "no-such-topic"]).output().expect("python runs");
    assert_eq!(unknown.status.code(), Some(2), "{}", text(&unknown.stderr));

    // The language server, through the installed executable.
    let mut session = Session::spawn(clean(&installed, &path, &home));
    session.initialize(json!({"capabilities": {"textDocument": {"hover": {"contentFormat": ["markdown"]}}}}));
    let uri = "file:///project/sample.py";
    session.open(uri, "def outer(inner):\n    result = yield from inner()\n    return result\n", 1);
    let hover = session.hover_text(uri, 1, 13).unwrap_or_else(|| panic!("no hover on `yield`; stderr:\n{}", session.stderr()));
    assert!(hover.contains("`yield from` delegation"), "{hover}");
    session.finish();

    // The sdist carries what cargo needs to build from source, and the Python package.
    run(maturin().args(["sdist", "--out"]).arg(work.join("sdist")).current_dir(root()));
    let sdist = only_file(&work.join("sdist"), ".tar.gz");
    let names = archive_names(&sdist);
    let prefix = format!("pyexplain-{VERSION}/");
    for wanted in [
        "pyproject.toml",
        "Cargo.toml",
        "Cargo.lock",
        "build.rs",
        "src/main.rs",
        "knowledge/yield-from/topic.md",
        "python/pyexplain/__main__.py",
    ] {
        assert!(names.contains(&format!("{prefix}{wanted}")), "{wanted} is not in the sdist: {names:?}");
    }
    let _ = std::fs::remove_dir_all(&work);
}
