//! Files for the command line: walking directories as `scan` and `report` do, finding the
//! projects they belong to, reading and decoding sources, and running work over many files on
//! every core.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::decode::decode_source;
use crate::workspace::Workspaces;

/// A path as shown to the user: as given, with `/` separators.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Python files below `path` as `(shown, path)`; directories recursively, skipping VCS folders,
/// caches and virtual environments. A file given by name is taken whatever its extension.
pub fn collect(path: &Path, shown: &str, files: &mut Vec<(String, PathBuf)>, errors: &mut Vec<(String, String)>) {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) => {
            errors.push((shown.to_owned(), io_message(&error)));
            return;
        }
    };
    if metadata.is_file() {
        files.push((shown.to_owned(), path.to_path_buf()));
        return;
    }
    if path.join("pyvenv.cfg").exists() {
        return;
    }
    let entries = match std::fs::read_dir(path) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push((shown.to_owned(), io_message(&error)));
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let child = entry.path();
        let child_shown = if shown.ends_with('/') { format!("{shown}{name}") } else { format!("{shown}/{name}") };
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() || (kind.is_symlink() && child.is_dir()) {
            if matches!(
                name.as_str(),
                ".git"
                    | ".hg"
                    | ".svn"
                    | "__pycache__"
                    | "site-packages"
                    | "node_modules"
                    | ".tox"
                    | ".nox"
                    | ".mypy_cache"
                    | ".pytest_cache"
            ) {
                continue;
            }
            if kind.is_symlink() {
                continue;
            }
            collect(&child, &child_shown, files, errors);
        } else if name.ends_with(".py") || name.ends_with(".pyi") {
            files.push((child_shown, child));
        }
    }
}

/// The projects the files belong to, each with its `.pyexplain/` and `pyproject.toml` read, as
/// an editor reads a workspace folder's; their problems are printed as warnings.
pub fn projects(files: &[(String, PathBuf)]) -> Workspaces {
    let workspaces = Workspaces::default();
    let mut roots: Vec<PathBuf> = files.iter().filter_map(|(_, path)| crate::workspace::project_root(&absolute(path))).collect();
    roots.sort();
    roots.dedup();
    for root in roots {
        workspaces.add_folder(root.clone());
        let Some(reloaded) = workspaces.reload(&root, true) else { continue };
        for problem in reloaded.problems {
            eprintln!("pyexplain: warning: {}: {problem}", display(&root));
        }
    }
    workspaces
}

/// `path` made absolute without resolving links; as given when that fails.
pub fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_owned())
}

/// An IO error as a short message, without the OS error number.
pub fn io_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => error.to_string(),
    }
}

/// The text of a source file decoded as Python does (PEP 263), or `(shown, why not)`.
pub fn read_source(shown: &str, path: &Path) -> Result<String, (String, String)> {
    let bytes = std::fs::read(path).map_err(|error| (shown.to_owned(), io_message(&error)))?;
    decode_source(&bytes).map_err(|message| (shown.to_owned(), message))
}

/// Runs `work` over `items` on every core; results keep the items' order. An item whose work
/// panics is left out, with a line on stderr.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(2, |count| count.get()).min(items.len().max(1));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(item) = items.get(index) else { break };
                // A panic in one file must not take the others down.
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item)));
                match result {
                    Ok(value) => {
                        if let Ok(mut slots) = results.lock() {
                            slots[index] = Some(value);
                        }
                    }
                    Err(_) => eprintln!("pyexplain: internal error while analysing file #{index}; skipped"),
                }
            });
        }
    });
    results.into_inner().unwrap_or_default().into_iter().flatten().collect()
}

/// A progress bar on stderr, drawn only on a terminal.
/// `work` on every file in parallel, with a progress line on stderr when `show_progress`: the
/// results in order, and the `(file, message)` errors appended to `errors`.
pub fn map_files<T: Sync, R: Send>(
    files: &[T],
    show_progress: bool,
    errors: &mut Vec<(String, String)>,
    work: impl Fn(&T) -> Result<R, (String, String)> + Sync,
) -> Vec<R> {
    let progress = Progress::new(files.len(), show_progress);
    let results = parallel_map(files, |file| {
        let result = work(file);
        progress.tick();
        result
    });
    progress.finish();
    let mut done = Vec::with_capacity(results.len());
    for result in results {
        match result {
            Ok(value) => done.push(value),
            Err(error) => errors.push(error),
        }
    }
    done
}

pub struct Progress {
    total: usize,
    done: AtomicUsize,
    enabled: bool,
}

impl Progress {
    pub fn new(total: usize, enabled: bool) -> Self {
        Progress { total, done: AtomicUsize::new(0), enabled: enabled && total > 1 }
    }

    pub fn tick(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.enabled || (!done.is_multiple_of(16) && done != self.total) {
            return;
        }
        let width = 30;
        let filled = done * width / self.total.max(1);
        eprint!("\r[{}{}] {done}/{} files", "=".repeat(filled), " ".repeat(width - filled), self.total);
    }

    pub fn finish(&self) {
        if self.enabled {
            eprint!("\r{}\r", " ".repeat(50));
        }
    }
}
