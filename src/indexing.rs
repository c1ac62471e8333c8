//! Filling the workspace index (`ide::WorkspaceIndex`) from disk, for the server's workspace
//! folders and for the paths of `scan` and `report`: `.py` files are read as text and parsed,
//! never imported, run or evaluated, and only below the folders given.

use std::path::{Path, PathBuf};

use crate::analysis::semantics::index::{self, ModuleSummary};
use crate::files;

/// The module name of `file` and the package its relative imports start from: the chain of
/// `__init__.py` folders above it (`src/` layouts need nothing more), else its path below
/// `root` (namespace packages), prefixed with the packages `root` itself is in, else its stem.
pub fn module_of(root: Option<&Path>, file: &Path) -> Option<(String, Option<String>)> {
    let name = file.file_name()?.to_str()?;
    let is_init = name == "__init__.py" || name == "__init__.pyi";
    let module = match crate::workspace::package_of(file) {
        Some(package) if is_init => package,
        Some(package) => index::module_name(&[name]).map(|_| format!("{package}.{}", stem(name)))?,
        None => {
            let relative = root.and_then(|root| Some((root, file.strip_prefix(root).ok()?)));
            let named = relative.and_then(|(root, relative)| {
                let parts: Vec<&str> = relative.iter().filter_map(|part| part.to_str()).collect();
                let module = index::module_name(&parts)?;
                // A namespace folder inside a regular package (`flask/sansio/app.py` with the
                // workspace at `flask/`): the packages around the folder come first.
                match crate::workspace::package_of(&root.join("__init__.py")) {
                    Some(outer) => Some(format!("{outer}.{module}")),
                    None => Some(module),
                }
            });
            match named {
                Some(module) => module,
                None => index::module_name(&[name])?,
            }
        }
    };
    let package = index::package_of_module(&module, is_init);
    Some((module, package))
}

fn stem(name: &str) -> &str {
    name.strip_suffix(".py").or_else(|| name.strip_suffix(".pyi")).unwrap_or(name)
}

/// The summary of `text`, the file `path` below `root`.
pub fn summarize_text(root: Option<&Path>, path: &Path, text: &str) -> Option<ModuleSummary> {
    let (module, package) = module_of(root, path)?;
    let tree = crate::document::parse(text, None);
    Some(index::summarize(text, &tree, &module, package.as_deref()))
}

/// The summaries of the Python files below `root` (as `scan` collects them), read on every core;
/// `progress(done, total)` after each file.
pub fn summarize_folder(root: &Path, progress: &(dyn Fn(usize, usize) + Sync)) -> Vec<ModuleSummary> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    files::collect(root, &files::display(root), &mut found, &mut errors);
    // Regular files only: a link could lead outside the folder.
    let paths: Vec<PathBuf> = found
        .into_iter()
        .map(|(_, path)| path)
        .filter(|path| path.extension().is_some_and(|ext| ext == "py"))
        .filter(|path| std::fs::symlink_metadata(path).is_ok_and(|metadata| metadata.file_type().is_file()))
        .collect();
    summarize_files(Some(root), &paths, progress)
}

/// The summaries of `paths`, each a file below `root`.
pub fn summarize_files(root: Option<&Path>, paths: &[PathBuf], progress: &(dyn Fn(usize, usize) + Sync)) -> Vec<ModuleSummary> {
    let done = std::sync::atomic::AtomicUsize::new(0);
    let total = paths.len();
    files::parallel_map(paths, |path| {
        lower_priority();
        let summary = files::read_source("", path).ok().and_then(|text| summarize_text(root, path, &text));
        progress(done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1, total);
        summary
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Lowers the calling thread's scheduling priority once: the index is built in the background,
/// and a hover or an analysis on the same cores must not wait for it.
fn lower_priority() {
    thread_local! {
        static LOWERED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if !LOWERED.with(|lowered| lowered.replace(true)) {
        nice_this_thread();
    }
}

#[cfg(target_os = "linux")]
fn nice_this_thread() {
    extern "C" {
        fn nice(increment: std::os::raw::c_int) -> std::os::raw::c_int;
    }
    // SAFETY: `nice` takes no pointers; on Linux it changes the calling thread's priority only.
    unsafe {
        nice(10);
    }
}

#[cfg(not(target_os = "linux"))]
fn nice_this_thread() {}
