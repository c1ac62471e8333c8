//! The registry, checked the other way round from build.rs: build.rs generates the ids and the
//! dispatch from `knowledge/`, and this checks that every Rust module, editor setting and
//! README row names an id of `knowledge/`, that each id has what it needs (detection, a check,
//! a fix where the entry promises one, a rank), and that feature modules do not import each
//! other. Each failure names the file that is missing or left over.

use std::collections::BTreeSet;
use std::path::PathBuf;

use pyexplain::knowledge::{Knowledge, PitfallId, TopicId};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The module stem of an id, as build.rs names it.
fn module(id: &str) -> String {
    let snake = id.replace('-', "_");
    match snake.as_str() {
        "super" | "self" | "crate" => format!("{snake}_call"),
        _ => snake,
    }
}

/// `(stem, source)` of the `.rs` files of `folder`, without `mod.rs` and the listed helpers.
fn modules(folder: &str, helpers: &[&str]) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = std::fs::read_dir(root().join(folder))
        .expect("the folder exists")
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .filter_map(|path| {
            let stem = path.file_stem()?.to_str()?.to_owned();
            (stem != "mod" && !helpers.contains(&stem.as_str())).then(|| (stem, std::fs::read_to_string(&path).unwrap_or_default()))
        })
        .collect();
    found.sort();
    found
}

#[test]
fn every_feature_module_is_named_after_an_id() {
    let topics: BTreeSet<String> = TopicId::ALL.iter().map(|id| module(id.as_str())).collect();
    let pitfalls: BTreeSet<String> = PitfallId::ALL.iter().map(|id| module(id.as_str())).collect();
    let mut problems = Vec::new();
    for (stem, _) in modules("src/analysis/topics", &["names"]) {
        if !topics.contains(&stem) {
            problems.push(format!("src/analysis/topics/{stem}.rs: no knowledge/<id>/topic.md for it"));
        }
    }
    for (stem, _) in modules("src/analysis/pitfalls", &[]) {
        if !pitfalls.contains(&stem) {
            problems.push(format!("src/analysis/pitfalls/{stem}.rs: no knowledge/<topic>/<id>.md for it"));
        }
    }
    for (stem, _) in modules("src/fixes", &["registry", "edits"]) {
        if !pitfalls.contains(&stem) {
            problems.push(format!("src/fixes/{stem}.rs: no knowledge/<topic>/<id>.md for it"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_id_has_what_it_needs() {
    let knowledge = Knowledge::builtin();
    let topic_modules = modules("src/analysis/topics", &[]);
    let check_modules = modules("src/analysis/pitfalls", &[]);
    let fix_modules = modules("src/fixes", &[]);
    let defines = |modules: &[(String, String)], stem: &str, function: &str| {
        modules.iter().any(|(name, source)| name == stem && source.contains(&format!("pub fn {function}(")))
    };
    let mut problems = Vec::new();
    let mut ranks = BTreeSet::new();
    for id in TopicId::ALL {
        let Some(topic) = knowledge.topic(id.as_str()) else {
            problems.push(format!("knowledge/{}/topic.md does not load", id.as_str()));
            continue;
        };
        let detected = !topic.anchors.is_empty() || topic.query_source.is_some() || defines(&topic_modules, &module(&topic.id), "detect");
        if !detected {
            problems.push(format!(
                "knowledge/{0}/topic.md: no [anchors], no anchors.scm and no `detect` in src/analysis/topics/{1}.rs",
                topic.id,
                module(&topic.id)
            ));
        }
        if topic.rank == 0 || !ranks.insert(topic.rank) {
            problems.push(format!("knowledge/{}/topic.md: `rank` must be set and differ from every other topic's", topic.id));
        }
    }
    for id in PitfallId::ALL {
        let Some(pitfall) = knowledge.pitfall(id.as_str()) else {
            problems.push(format!("the pitfall {} does not load", id.as_str()));
            continue;
        };
        let path = format!("knowledge/{}/{}.md", pitfall.topic, pitfall.id);
        let stem = module(&pitfall.id);
        if id.topic().as_str() != pitfall.topic {
            problems.push(format!("{path}: lies in another folder than its id says"));
        }
        let checked = !pitfall.anchors.is_empty() || pitfall.query.is_some() || defines(&check_modules, &stem, "check");
        if !checked {
            problems.push(format!("{path}: no [anchors], no {}.scm and no `check` in src/analysis/pitfalls/{stem}.rs", pitfall.id));
        }
        match (pitfall.fix_title.is_some(), defines(&fix_modules, &stem, "fix")) {
            (true, false) => problems.push(format!("{path}: has a fix_title but src/fixes/{stem}.rs has no `fix`")),
            (false, true) => problems.push(format!("src/fixes/{stem}.rs: {path} has no fix_title for it")),
            _ => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Feature modules (one per id) ask the shared layers (`analysis::{syntax, semantics}`), never
/// another id's module: a fact needed by two ids lives below both. A fix may read the check of
/// its own id.
#[test]
fn feature_modules_do_not_import_each_other() {
    // The shared helpers of each folder are not features: `names` reads `[anchors]`, `edits` makes
    // the edits several fixes share, `registry` is the generated dispatch, `source` moves the
    // statements the rewrites move.
    let helpers = ["names", "edits", "registry", "source"];
    let folders = ["src/analysis/topics", "src/analysis/pitfalls", "src/fixes", "src/rewrites"];
    let features: BTreeSet<String> = folders.iter().flat_map(|folder| modules(folder, &helpers)).map(|(stem, _)| stem).collect();
    let mut problems = Vec::new();
    for folder in folders {
        for (stem, source) in modules(folder, &helpers) {
            for prefix in ["analysis::topics::", "analysis::pitfalls::", "crate::fixes::", "crate::rewrites::", "super::"] {
                for (at, _) in source.match_indices(prefix) {
                    let named: String =
                        source[at + prefix.len()..].chars().take_while(|ch| ch.is_ascii_alphanumeric() || *ch == '_').collect();
                    if named != stem && features.contains(&named) {
                        problems.push(format!("{folder}/{stem}.rs uses `{prefix}{named}`"));
                    }
                }
            }
        }
    }
    problems.sort();
    problems.dedup();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The VS Code extension's settings offer exactly the ids of `knowledge/`.
#[test]
fn the_vs_code_settings_list_every_id() {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("editors/vscode/package.json")).expect("package.json")).expect("JSON");
    let properties = &manifest["contributes"]["configuration"]["properties"];
    let listed = |value: &serde_json::Value| -> Vec<String> {
        let mut ids: Vec<String> = value.as_array().into_iter().flatten().filter_map(|id| id.as_str().map(str::to_owned)).collect();
        ids.sort();
        ids
    };
    let mut topics: Vec<String> = TopicId::ALL.iter().map(|id| id.as_str().to_owned()).collect();
    topics.sort();
    let mut pitfalls: Vec<String> = PitfallId::ALL.iter().map(|id| id.as_str().to_owned()).collect();
    pitfalls.sort();
    assert_eq!(listed(&properties["pyexplain.topics.disabled"]["items"]["enum"]), topics, "editors/vscode/package.json: topics.disabled");
    let mut configured: Vec<String> =
        properties["pyexplain.pitfalls"]["properties"].as_object().map(|map| map.keys().cloned().collect()).unwrap_or_default();
    configured.sort();
    assert_eq!(configured, pitfalls, "editors/vscode/package.json: pyexplain.pitfalls");
}

/// The README's table of topics is the one `knowledge/` gives; run with
/// `PYEXPLAIN_BLESS=1` to write it again.
#[test]
fn the_readme_lists_every_topic() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (start, end) = ("<!-- topics: generated from knowledge/ by tests/it/registry.rs -->\n", "<!-- end of topics -->\n");
    let (Some(from), Some(to)) = (readme.find(start), readme.find(end)) else {
        panic!("README.md: the topic table's markers are missing");
    };
    let table = topic_table(Knowledge::builtin());
    let current = &readme[from + start.len()..to];
    if current != table {
        if std::env::var_os("PYEXPLAIN_BLESS").is_some() {
            let updated = format!("{}{table}{}", &readme[..from + start.len()], &readme[to..]);
            std::fs::write(&path, updated).expect("README.md is writable");
        } else {
            panic!("README.md: the topic table is stale; run `PYEXPLAIN_BLESS=1 cargo test --test it registry`");
        }
    }
}

fn topic_table(knowledge: &Knowledge) -> String {
    let mut table = String::from("| topic | what it explains | pitfalls it flags |\n|---|---|---|\n");
    for topic in knowledge.topics() {
        let pitfalls: Vec<String> = topic.pitfalls.iter().map(|pitfall| format!("`{}`", pitfall.id)).collect();
        table.push_str(&format!("| `{}` | {} | {} |\n", topic.id, topic.title, pitfalls.join(", ")));
    }
    table
}

/// Only `src/lsp/` sees protocol types: everything below it speaks byte offsets and plain
/// structs, which is why `scan` and `report` reuse it unchanged (ARCHITECTURE.md).
#[test]
fn only_the_lsp_module_uses_protocol_types() {
    let mut problems = Vec::new();
    let mut pending = vec![root().join("src")];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("src/ is readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("lsp") {
                    pending.push(path);
                }
            } else if path.extension().is_some_and(|ext| ext == "rs") && !path.ends_with("main.rs") {
                let source = std::fs::read_to_string(&path).unwrap_or_default();
                if source.contains("tower_lsp_server") || source.contains("ls_types") {
                    problems.push(path.strip_prefix(root()).unwrap_or(&path).display().to_string());
                }
            }
        }
    }
    problems.sort();
    assert!(problems.is_empty(), "protocol types outside src/lsp/: {problems:?}");
}
