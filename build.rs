//! Embeds every file below `knowledge/` into the binary as `(relative path, contents)` pairs, and
//! generates the registry from the same folder: typed ids for the built-in topics and pitfalls
//! (the id is the path), and the dispatch to the Rust module named after each id where one
//! exists (`src/analysis/topics/<id>.rs`, `src/analysis/pitfalls/<id>.rs`, `src/fixes/<id>.rs`).
//! Nothing else lists the ids: `tests/it/registry.rs` checks the other way round, that every
//! module, editor setting and README row names an id of `knowledge/`.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let root = manifest.join("knowledge");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut embedded = String::from("pub static FILES: &[(&str, &str)] = &[\n");
    for (relative, absolute) in &files {
        println!("cargo:rerun-if-changed={}", absolute.display());
        let _ = writeln!(embedded, "    ({relative:?}, include_str!({:?})),", absolute.display().to_string());
    }
    embedded.push_str("];\n");
    fs::write(out.join("knowledge_files.rs"), embedded).expect("OUT_DIR is writable");

    let mut topics: Vec<(String, Vec<String>)> = Vec::new();
    for (relative, _) in &files {
        let Some((topic, file)) = relative.split_once('/') else { continue };
        if topics.last().is_none_or(|(last, _)| last != topic) {
            topics.push((topic.to_owned(), Vec::new()));
        }
        if let (Some(stem), Some((_, pitfalls))) = (file.strip_suffix(".md").filter(|stem| *stem != "topic"), topics.last_mut()) {
            pitfalls.push(stem.to_owned());
        }
    }
    let modules = Modules::read(&manifest);
    for (folder, file, found) in [
        ("src/analysis/topics", "topic_modules.rs", &modules.topics),
        ("src/analysis/pitfalls", "pitfall_modules.rs", &modules.pitfalls),
        ("src/fixes", "fix_modules.rs", &modules.fixes),
    ] {
        fs::write(out.join(file), declarations(&manifest.join(folder), found)).expect("OUT_DIR is writable");
    }
    fs::write(out.join("ids.rs"), ids(&topics)).expect("OUT_DIR is writable");
    fs::write(out.join("analysis_registry.rs"), analysis_registry(&topics, &modules)).expect("OUT_DIR is writable");
    fs::write(out.join("fix_registry.rs"), fix_registry(&topics, &modules)).expect("OUT_DIR is writable");
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<(String, PathBuf)>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(root, &path, files);
        } else if matches!(path.extension().and_then(|ext| ext.to_str()), Some("md" | "scm")) {
            let relative = path.strip_prefix(root).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            files.push((relative, path));
        }
    }
}

/// The Rust modules of the feature folders, by file stem, with the entry points each defines.
struct Modules {
    topics: Vec<(String, String)>,
    pitfalls: Vec<(String, String)>,
    fixes: Vec<(String, String)>,
}

impl Modules {
    fn read(manifest: &Path) -> Modules {
        let read = |folder: &str| -> Vec<(String, String)> {
            let dir = manifest.join(folder);
            println!("cargo:rerun-if-changed={}", dir.display());
            let mut found = Vec::new();
            for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
                let path = entry.path();
                let Some(stem) = path.file_stem().and_then(|stem| stem.to_str()) else { continue };
                if path.extension().and_then(|ext| ext.to_str()) == Some("rs") && stem != "mod" {
                    println!("cargo:rerun-if-changed={}", path.display());
                    found.push((stem.to_owned(), fs::read_to_string(&path).unwrap_or_default()));
                }
            }
            found
        };
        Modules { topics: read("src/analysis/topics"), pitfalls: read("src/analysis/pitfalls"), fixes: read("src/fixes") }
    }
}

/// `pub mod` for every module of a feature folder, so a new file needs no declaration by hand
/// (the registry test names a module that has no id).
fn declarations(dir: &Path, modules: &[(String, String)]) -> String {
    // `registry.rs` is the generated dispatch, declared by its folder.
    let mut stems: Vec<&str> = modules.iter().map(|(stem, _)| stem.as_str()).filter(|stem| *stem != "registry").collect();
    stems.sort();
    let mut out = String::new();
    for stem in stems {
        let path = dir.join(format!("{stem}.rs"));
        let _ = writeln!(out, "#[path = {:?}]\npub mod {stem};", path.display().to_string());
    }
    out
}

/// Whether the module `stem` of `modules` defines `pub fn <function>(`.
fn defines(modules: &[(String, String)], stem: &str, function: &str) -> bool {
    modules.iter().any(|(name, source)| name == stem && source.contains(&format!("pub fn {function}(")))
}

/// The Rust module name of an id: snake case, with a suffix where the id is a keyword.
fn module(id: &str) -> String {
    let snake = id.replace('-', "_");
    match snake.as_str() {
        "super" | "self" | "crate" => format!("{snake}_call"),
        _ => snake,
    }
}

/// The enum variant of an id: `yield-from` is `YieldFrom`.
fn variant(id: &str) -> String {
    id.split('-').map(|word| word[..1].to_uppercase() + &word[1..]).collect()
}

fn ids(topics: &[(String, Vec<String>)]) -> String {
    let pitfalls: Vec<(&str, &str)> =
        topics.iter().flat_map(|(topic, pitfalls)| pitfalls.iter().map(move |pitfall| (pitfall.as_str(), topic.as_str()))).collect();
    let mut out = String::new();
    let topic_ids: Vec<&str> = topics.iter().map(|(id, _)| id.as_str()).collect();
    let pitfall_ids: Vec<&str> = pitfalls.iter().map(|(id, _)| *id).collect();
    id_enum(&mut out, "TopicId", "A built-in topic: one folder of `knowledge/`.", &topic_ids);
    id_enum(&mut out, "PitfallId", "A built-in pitfall: one `<pitfall-id>.md` of a `knowledge/` folder.", &pitfall_ids);
    out.push_str(
        "impl PitfallId {\n    /// The topic whose folder holds this pitfall.\n    pub fn topic(self) -> TopicId {\n        match self {\n",
    );
    for (pitfall, topic) in &pitfalls {
        let _ = writeln!(out, "            PitfallId::{} => TopicId::{},", variant(pitfall), variant(topic));
    }
    out.push_str("        }\n    }\n}\n");
    out
}

fn id_enum(out: &mut String, name: &str, doc: &str, ids: &[&str]) {
    let _ = writeln!(out, "/// {doc}\n#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum {name} {{");
    for id in ids {
        let _ = writeln!(out, "    {},", variant(id));
    }
    let _ = writeln!(out, "}}\n\nimpl {name} {{\n    pub const ALL: &'static [{name}] = &[");
    for id in ids {
        let _ = writeln!(out, "        {name}::{},", variant(id));
    }
    let _ = writeln!(out, "    ];\n\n    pub fn as_str(self) -> &'static str {{\n        match self {{");
    for id in ids {
        let _ = writeln!(out, "            {name}::{} => {id:?},", variant(id));
    }
    let _ = writeln!(out, "        }}\n    }}\n\n    pub fn from_id(id: &str) -> Option<{name}> {{\n        match id {{");
    for id in ids {
        let _ = writeln!(out, "            {id:?} => Some({name}::{}),", variant(id));
    }
    let _ = writeln!(out, "            _ => None,\n        }}\n    }}\n}}\n");
}

fn analysis_registry(topics: &[(String, Vec<String>)], modules: &Modules) -> String {
    let mut out = String::new();
    let entry_points = [
        ("Runs the Rust detector of a built-in topic, where its module has one.", "detect", "out: &mut Vec<Occurrence>", "", "{}"),
        ("What one occurrence of a built-in topic means, where its module says.", "notes", "anchor: Node", " -> Vec<String>", "Vec::new()"),
        (
            "The documentation page of one occurrence, where its module picks one over the topic's.",
            "docs",
            "anchor: Node",
            " -> Option<String>",
            "None",
        ),
    ];
    for (doc, function, parameter, returns, fallback) in entry_points {
        let argument = parameter.split(':').next().unwrap_or_default();
        let _ = writeln!(out, "/// {doc}\npub fn {function}(id: TopicId, context: &Context, {parameter}){returns} {{\n    match id {{");
        for (topic, _) in topics {
            let stem = module(topic);
            if defines(&modules.topics, &stem, function) {
                let _ = writeln!(out, "        TopicId::{} => topics::{stem}::{function}(context, {argument}),", variant(topic));
            } else {
                let _ = writeln!(out, "        TopicId::{} => {fallback},", variant(topic));
            }
        }
        out.push_str("    }\n}\n\n");
    }
    out.push_str("/// The Rust checks of the built-in pitfalls, in the order of `knowledge/`.\n");
    out.push_str("pub type Check = fn(&Context, &mut Vec<Finding>);\n\n");
    out.push_str("pub const CHECKS: &[(PitfallId, Check)] = &[\n");
    for pitfall in topics.iter().flat_map(|(_, pitfalls)| pitfalls) {
        let stem = module(pitfall);
        if defines(&modules.pitfalls, &stem, "check") {
            let _ = writeln!(out, "    (PitfallId::{}, pitfalls::{stem}::check),", variant(pitfall));
        }
    }
    out.push_str("];\n");
    out
}

fn fix_registry(topics: &[(String, Vec<String>)], modules: &Modules) -> String {
    let mut out = String::new();
    out.push_str("/// The fix of a built-in pitfall, where its module has one and its preconditions hold.\n");
    out.push_str("pub fn fix(id: PitfallId, context: &Context, finding: &Finding, settings: &Settings) -> Option<(Tier, Vec<Edit>)> {\n");
    out.push_str("    match id {\n");
    for pitfall in topics.iter().flat_map(|(_, pitfalls)| pitfalls) {
        let stem = module(pitfall);
        if defines(&modules.fixes, &stem, "fix") {
            let _ = writeln!(out, "        PitfallId::{} => super::{stem}::fix(context, finding, settings),", variant(pitfall));
        } else {
            let _ = writeln!(out, "        PitfallId::{} => None,", variant(pitfall));
        }
    }
    out.push_str("    }\n}\n");
    out
}
