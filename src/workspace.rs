//! Workspace folders and what each brings along: `.pyexplain/config.toml`, the team's pack in
//! `.pyexplain/knowledge/`, and the `requires-python` floor of `pyproject.toml`. A document
//! belongs to the innermost folder holding it; a file outside every folder gets the built-in
//! knowledge and the editor's settings.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::SystemTime;

use serde_json::Value;

use crate::knowledge::Knowledge;
use crate::pack;
use crate::settings::{self, Settings};

/// Where a workspace keeps its settings, relative to its root.
pub const CONFIG_FILE: &str = ".pyexplain/config.toml";

/// What applies to one document: the knowledge it is analysed with and its settings.
#[derive(Clone)]
pub struct Scope {
    pub knowledge: Arc<Knowledge>,
    pub settings: Arc<Settings>,
}

/// What was read from one folder's files.
struct Loaded {
    /// `None`: the built-in knowledge, built on first use (not during `initialize`).
    knowledge: Option<Arc<Knowledge>>,
    /// `.pyexplain/config.toml` as a settings object (the shape of the `pyexplain` section).
    config: Value,
    floor: Option<(u32, u32)>,
    /// `file:line: message`, the file relative to the folder's root.
    problems: Vec<String>,
    stamp: Stamp,
}

impl Loaded {
    fn builtin() -> Loaded {
        Loaded { knowledge: None, config: Value::Null, floor: None, problems: Vec::new(), stamp: Stamp::default() }
    }

    fn knowledge(&self) -> Arc<Knowledge> {
        self.knowledge.as_ref().map_or_else(Knowledge::shared_builtin, Arc::clone)
    }
}

struct Folder {
    root: PathBuf,
    loaded: Loaded,
    settings: Arc<Settings>,
}

#[derive(Default)]
struct Inner {
    folders: Vec<Folder>,
    /// What the editor set explicitly, over every folder's files.
    editor: Value,
    /// Settings of files outside every folder.
    outside: Arc<Settings>,
}

/// The outcome of (re)loading one folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reloaded {
    pub root: PathBuf,
    /// The folder's problems after the reload (empty when all is well).
    pub problems: Vec<String>,
    /// Whether the problems differ from the previous load's (so they are worth showing again).
    pub problems_changed: bool,
}

/// The workspace folders, behind a lock that is never held across an `.await`.
#[derive(Default)]
pub struct Workspaces {
    inner: RwLock<Inner>,
}

impl Workspaces {
    fn read(&self) -> RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The knowledge and settings of the document at `uri`.
    pub fn scope(&self, uri: &str) -> Scope {
        match uri_to_path(uri) {
            Some(path) => self.scope_of_path(&path),
            None => self.scope_of_path(Path::new("")),
        }
    }

    /// The knowledge and settings of the file at `path` (absolute).
    pub fn scope_of_path(&self, path: &Path) -> Scope {
        let inner = self.read();
        match innermost(&inner.folders, path) {
            Some(folder) => {
                // `per-file-ignores` patterns are relative to the folder's root.
                let relative = path.strip_prefix(&folder.root).ok().map(|relative| relative.to_string_lossy().replace('\\', "/"));
                let settings = match relative.and_then(|relative| folder.settings.for_file(&relative)) {
                    Some(own) => Arc::new(own),
                    None => Arc::clone(&folder.settings),
                };
                let settings = if is_stub(path) { Arc::new(settings.for_stub()) } else { settings };
                Scope { knowledge: folder.loaded.knowledge(), settings }
            }
            None => {
                let settings = if is_stub(path) { Arc::new(inner.outside.for_stub()) } else { Arc::clone(&inner.outside) };
                Scope { knowledge: Knowledge::shared_builtin(), settings }
            }
        }
    }

    /// The knowledge that has topic `id`: the document's when a URI is given, else the built-in
    /// knowledge or the first folder's pack that has it.
    pub fn knowledge_with_topic(&self, id: &str, uri: Option<&str>) -> Option<Arc<Knowledge>> {
        if let Some(uri) = uri {
            let knowledge = self.scope(uri).knowledge;
            return knowledge.topic(id).is_some().then_some(knowledge);
        }
        let inner = self.read();
        let mut candidates = inner.folders.iter().filter_map(|folder| folder.loaded.knowledge.as_ref());
        match candidates.find(|knowledge| knowledge.topic(id).is_some()) {
            Some(knowledge) => Some(Arc::clone(knowledge)),
            None => Knowledge::builtin().topic(id).is_some().then(Knowledge::shared_builtin),
        }
    }

    /// The editor's explicit settings changed: every folder's settings are recomputed.
    pub fn set_editor(&self, value: Value) {
        let mut inner = self.write();
        inner.editor = value;
        let Inner { folders, editor, outside } = &mut *inner;
        for folder in folders.iter_mut() {
            folder.settings = Arc::new(effective(&folder.loaded, editor));
        }
        *outside = Arc::new(effective(&Loaded::builtin(), editor));
    }

    /// Adds a folder with the built-in knowledge; `reload` reads its files.
    pub fn add_folder(&self, root: PathBuf) {
        let mut inner = self.write();
        if inner.folders.iter().any(|folder| folder.root == root) {
            return;
        }
        let loaded = Loaded::builtin();
        let settings = Arc::new(effective(&loaded, &inner.editor));
        inner.folders.push(Folder { root, loaded, settings });
    }

    pub fn remove_folder(&self, root: &Path) {
        self.write().folders.retain(|folder| folder.root != root);
    }

    pub fn roots(&self) -> Vec<PathBuf> {
        self.read().folders.iter().map(|folder| folder.root.clone()).collect()
    }

    /// The roots of the folders whose files include `path` (a `.pyexplain/` file, a
    /// `pyproject.toml`, or the `.pyexplain` folder itself).
    pub fn roots_configured_by(&self, path: &Path) -> Vec<PathBuf> {
        self.read()
            .folders
            .iter()
            .filter(|folder| path.starts_with(folder.root.join(".pyexplain")) || path == folder.root.join("pyproject.toml"))
            .map(|folder| folder.root.clone())
            .collect()
    }

    /// The root of the innermost folder holding `uri`.
    pub fn root_of(&self, uri: &str) -> Option<PathBuf> {
        let path = uri_to_path(uri)?;
        innermost(&self.read().folders, &path).map(|folder| folder.root.clone())
    }

    /// Reads the files of the folder at `root` again: always when `force`, else only when one of
    /// them changed since the last read (sizes and modification times). `None` when nothing was
    /// reloaded.
    pub fn reload(&self, root: &Path, force: bool) -> Option<Reloaded> {
        let stamp = Stamp::of(root);
        {
            let inner = self.read();
            let folder = inner.folders.iter().find(|folder| folder.root == root)?;
            if !force && folder.loaded.stamp == stamp {
                return None;
            }
        }
        // Read the files without holding the lock; a concurrent reload of the same folder
        // writes the same result.
        let loaded = load(root, stamp);
        let mut inner = self.write();
        let editor = inner.editor.clone();
        let folder = inner.folders.iter_mut().find(|folder| folder.root == root)?;
        let problems_changed = folder.loaded.problems != loaded.problems;
        folder.settings = Arc::new(effective(&loaded, &editor));
        folder.loaded = loaded;
        Some(Reloaded { root: root.to_owned(), problems: folder.loaded.problems.clone(), problems_changed })
    }
}

/// The folder whose `.pyexplain/` and `pyproject.toml` apply to a file outside an editor (for
/// `scan`): the nearest folder above it that has either, not looking past the repository's
/// root (a folder with `.git`). `file` is absolute.
pub fn project_root(file: &Path) -> Option<PathBuf> {
    project_root_from(file.parent()?)
}

/// The folder whose `.pyexplain/` and `pyproject.toml` apply in `dir` (absolute): `dir` itself
/// or the nearest folder above it that has either, not looking past a folder with `.git`.
pub fn project_root_from(dir: &Path) -> Option<PathBuf> {
    for folder in dir.ancestors() {
        if folder.join(".pyexplain").is_dir() || folder.join("pyproject.toml").is_file() {
            return Some(folder.to_owned());
        }
        if folder.join(".git").exists() {
            return None;
        }
    }
    None
}

/// The package a Python file is in, for its relative imports: the names of the folders above it
/// that hold an `__init__.py`, outermost first (`ourlib` for `ourlib/jobs.py`, `ourlib.sub` for
/// `ourlib/sub/__init__.py`); `None` for a top-level module. Namespace packages (folders without
/// `__init__.py`) are not recognised.
pub fn package_of(file: &Path) -> Option<String> {
    let mut names = Vec::new();
    let mut dir = file.parent()?;
    while names.len() < 64 && dir.join("__init__.py").is_file() {
        names.push(dir.file_name()?.to_str()?.to_owned());
        dir = dir.parent()?;
    }
    names.reverse();
    (!names.is_empty()).then(|| names.join("."))
}

/// The innermost folder holding `path`.
fn innermost<'a>(folders: &'a [Folder], path: &Path) -> Option<&'a Folder> {
    folders.iter().filter(|folder| path.starts_with(&folder.root)).max_by_key(|folder| folder.root.components().count())
}

/// Defaults, then the `requires-python` floor, then `.pyexplain/config.toml`, then what the editor set.
fn effective(loaded: &Loaded, editor: &Value) -> Settings {
    let mut settings = Settings::default();
    if let Some(floor) = loaded.floor {
        settings.python_version = floor;
    }
    settings.merge_json(&loaded.config);
    settings.merge_json(editor);
    settings
}

/// Reads a folder's `pyproject.toml`, `.pyexplain/config.toml` and `.pyexplain/knowledge/`.
fn load(root: &Path, stamp: Stamp) -> Loaded {
    let mut problems = Vec::new();
    let floor = std::fs::read_to_string(root.join("pyproject.toml")).ok().and_then(|text| settings::requires_python_floor(&text));
    let (knowledge, pack_problems) = pack::workspace_knowledge(root);
    let knowledge = knowledge.map(Arc::new);
    let config = match std::fs::read(root.join(CONFIG_FILE)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => {
                let known: &Knowledge = match knowledge.as_deref() {
                    Some(knowledge) => knowledge,
                    None => Knowledge::builtin(),
                };
                let (config, config_problems) = settings::from_toml(&text, known);
                problems.extend(config_problems.into_iter().map(|(line, message)| format!("{CONFIG_FILE}:{line}: {message}")));
                config
            }
            Err(_) => {
                problems.push(format!("{CONFIG_FILE}:1: not UTF-8 text"));
                Value::Null
            }
        },
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Value::Null,
        Err(error) => {
            problems.push(format!("{CONFIG_FILE}: {}", crate::files::io_message(&error)));
            Value::Null
        }
    };
    problems.extend(pack_problems);
    Loaded { knowledge, config, floor, problems, stamp }
}

/// Sizes and modification times of every file a folder's settings and pack are read from: a
/// cheap way to tell whether they changed when the client cannot watch files for us.
#[derive(Debug, Default, PartialEq, Eq)]
struct Stamp(Vec<(PathBuf, u64, Option<SystemTime>)>);

impl Stamp {
    fn of(root: &Path) -> Stamp {
        let mut entries = Vec::new();
        let mut add = |path: PathBuf| {
            if let Ok(metadata) = std::fs::metadata(&path) {
                entries.push((path, metadata.len(), metadata.modified().ok()));
            }
        };
        add(root.join("pyproject.toml"));
        add(root.join(CONFIG_FILE));
        let pack = root.join(pack::PACK_DIR);
        add(pack.clone());
        if let Ok(topics) = std::fs::read_dir(&pack) {
            for topic in topics.flatten() {
                add(topic.path());
                if let Ok(files) = std::fs::read_dir(topic.path()) {
                    for file in files.flatten() {
                        add(file.path());
                    }
                }
            }
        }
        entries.sort();
        Stamp(entries)
    }
}

/// The path of a `file:` URI, percent-decoded; `None` for other schemes.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let path = uri.strip_prefix("file://")?;
    // `file://host/path` names a host; only the local form (`file:///path`) is a path here.
    if !path.starts_with('/') {
        return None;
    }
    let bytes = path.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let value = bytes
                .get(index + 1..index + 3)
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok());
            if let Some(value) = value {
                decoded.push(value);
                index += 3;
                continue;
            }
        }
        decoded.push(bytes[index]);
        index += 1;
    }
    let path = String::from_utf8(decoded).ok()?;
    // `file:///c%3A/x` on Windows: drop the slash before the drive letter.
    #[cfg(windows)]
    let path = match path.as_bytes() {
        [b'/', drive, b':', ..] if drive.is_ascii_alphabetic() => path[1..].to_owned(),
        _ => path,
    };
    Some(PathBuf::from(path))
}

/// Whether `path` is a stub file (`.pyi`), which type checkers read and Python never runs.
fn is_stub(path: &Path) -> bool {
    path.extension().is_some_and(|extension| extension == "pyi")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_file_uris() {
        assert_eq!(uri_to_path("file:///home/a%20b/x.py"), Some(PathBuf::from("/home/a b/x.py")));
        assert_eq!(uri_to_path("file:///bad%zz"), Some(PathBuf::from("/bad%zz")));
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
        assert_eq!(uri_to_path("file://server/share/x.py"), None);
    }

    #[test]
    fn a_document_belongs_to_its_innermost_folder() {
        let workspaces = Workspaces::default();
        workspaces.add_folder(PathBuf::from("/repo"));
        workspaces.add_folder(PathBuf::from("/repo/sub"));
        assert_eq!(workspaces.root_of("file:///repo/sub/x.py"), Some(PathBuf::from("/repo/sub")));
        assert_eq!(workspaces.root_of("file:///repo/x.py"), Some(PathBuf::from("/repo")));
        assert_eq!(workspaces.root_of("file:///repository/x.py"), None);
    }
}
