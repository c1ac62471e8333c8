//! Workspace packs and `.pyexplain/config.toml` through the protocol: a pack's topic hovers, an
//! override replaces the built-in text, an invalid entry is reported and the rest keeps working,
//! changes reload (watched or on save), and multi-root folders keep their packs apart.

use crate::support;

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use support::lsp::Client;

/// A scratch copy of `examples/team` (the README's worked example), removed on drop.
struct Workspace {
    root: PathBuf,
}

impl Workspace {
    fn team() -> Workspace {
        let workspace = Workspace::empty();
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/team"), &workspace.root);
        workspace
    }

    fn empty() -> Workspace {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let root = std::env::temp_dir().join(format!("pyexplain-packs-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("the temp dir is writable");
        Workspace { root }
    }

    fn uri(&self) -> String {
        format!("file://{}", self.root.display())
    }

    fn file_uri(&self, relative: &str) -> String {
        format!("{}/{relative}", self.uri())
    }

    fn write(&self, relative: &str, text: &str) {
        let path = self.root.join(relative);
        std::fs::create_dir_all(path.parent().expect("a file has a folder")).expect("the temp dir is writable");
        std::fs::write(path, text).expect("the temp dir is writable");
    }

    fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.root.join(relative)).expect("the file exists")
    }
}

impl Drop for Workspace {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the temp dir is writable");
    for entry in std::fs::read_dir(from).expect("the example exists").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            if entry.file_name() != "__pycache__" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), target).expect("the example is readable");
        }
    }
}

/// A pack's `topic.md`: front matter with `anchors` (TOML lines, may be empty) and the two
/// required sections.
fn topic_md(title: &str, summary: &str, anchors: &str) -> String {
    let anchors = if anchors.is_empty() { String::new() } else { format!("\n[anchors]\n{anchors}\n") };
    format!(
        "+++\ntitle = \"{title}\"\nsummary = \"{summary}\"\ndocs = \"https://docs.python.org/3/\"\n{anchors}+++\n\n## What it is\n{title}.\n\n## How it works\n{summary}\n"
    )
}

async fn start(folders: &[&Workspace], capabilities: Value, options: Value) -> Client {
    let folders: Vec<Value> = folders.iter().map(|folder| json!({"uri": folder.uri(), "name": "folder"})).collect();
    let params = json!({"processId": null, "rootUri": null, "workspaceFolders": folders, "capabilities": capabilities, "initializationOptions": options});
    Client::start_with(params).await.0
}

async fn open(client: &mut Client, uri: &str, text: &str) {
    client.open_uri(uri, text, 1).await;
    client.diagnostics_of(uri, 1).await;
}

const ORDERS_DECORATOR: (u32, u32) = (10, 2);
const ORDERS_CALL: (u32, u32) = (18, 15);

#[tokio::test]
async fn a_pack_topic_hovers_on_decorators_and_calls_of_its_names() {
    let team = Workspace::team();
    let mut client = start(&[&team], json!({}), Value::Null).await;
    let uri = team.file_uri("orders.py");
    open(&mut client, &uri, &team.read("orders.py")).await;
    let here = [
        (ORDERS_DECORATOR, "`@retry(times=5, delay=0.2)` decorates `fetch_order`; `retry` is `ourlib.retry.retry`."),
        (ORDERS_CALL, "`retry(times=2)` calls `ourlib.retry.retry`."),
    ];
    for ((line, character), note) in here {
        let hover = client.hover_text_in(&uri, line, character).await.unwrap_or_default();
        assert!(hover.contains("the order service's retry policy"), "{line}:{character}: {hover}");
        assert!(hover.contains(note), "{line}:{character}: {hover}");
        assert!(hover.contains("https://docs.python.org/3/library/exceptions.html#ConnectionError"), "{hover}");
    }
    // The built-in topics still hover in the same file.
    let with = client.hover_text_in(&uri, 12, 5).await.unwrap_or_default();
    assert!(with.starts_with("**Context managers**"), "{with}");
    // The topic is there for the Explain command too.
    let explained = client
        .request("workspace/executeCommand", json!({"command": "pyexplain.server.explain", "arguments": ["retry-policy", uri]}))
        .await;
    assert!(explained.as_str().is_some_and(|text| text.contains("Retry only idempotent calls")), "{explained}");
    // A file opened outside every folder gets the project it sits in (the nearest folder above
    // it with `.pyexplain/` or `pyproject.toml`); one with neither sees the built-in knowledge.
    let single = Workspace::team();
    let alone = single.file_uri("orders.py");
    open(&mut client, &alone, &single.read("orders.py")).await;
    let adopted = client.hover_text_in(&alone, ORDERS_DECORATOR.0, ORDERS_DECORATOR.1).await.unwrap_or_default();
    assert!(adopted.contains("retry policy"), "{adopted}");
    let outside = "file:///elsewhere/orders.py";
    open(&mut client, outside, &team.read("orders.py")).await;
    let plain = client.hover_text_in(outside, ORDERS_DECORATOR.0, ORDERS_DECORATOR.1).await.unwrap_or_default();
    assert!(plain.contains("Decorators with parameters") && !plain.contains("retry policy"), "{plain}");
    assert!(client.shutdown_and_exit().await);
}

#[tokio::test]
async fn an_override_replaces_the_built_in_text_and_keeps_its_detection() {
    let team = Workspace::team();
    team.write(
        ".pyexplain/knowledge/caching/topic.md",
        &topic_md("Caching, our way", "We cache pure functions only; see the wiki page on cache invalidation.", ""),
    );
    let mut client = start(&[&team], json!({}), Value::Null).await;
    let uri = team.file_uri("cached.py");
    let text = "from functools import lru_cache\n\n\n@lru_cache(maxsize=None)\ndef table(n):\n    return n\n";
    open(&mut client, &uri, text).await;
    let hover = client.hover_text_in(&uri, 3, 3).await.unwrap_or_default();
    assert!(hover.contains("Caching, our way"), "{hover}");
    assert!(hover.contains("We cache pure functions only"), "{hover}");
    assert!(!hover.contains("Memoize results"), "the built-in summary is replaced: {hover}");
    // The built-in detection and its notes for this occurrence stay.
    assert!(hover.contains("unbounded") || hover.contains("maxsize=None"), "{hover}");
    assert!(client.shutdown_and_exit().await);
}

#[tokio::test]
async fn an_invalid_entry_is_reported_by_file_and_line_and_the_rest_works() {
    let team = Workspace::team();
    team.write(".pyexplain/knowledge/broken-topic/topic.md", "+++\ntitle = \"Broken\"\nsummary = 12\n+++\n\n## What it is\nx\n");
    team.write(".pyexplain/knowledge/context-managers/topic.md", "no front matter at all\n");
    team.write(".pyexplain/knowledge/bad-query/topic.md", &topic_md("Q", "q", ""));
    team.write(".pyexplain/knowledge/bad-query/anchors.scm", "(call\n  function: (identifer) @anchor)\n");
    let mut client = start(&[&team], json!({}), Value::Null).await;
    let message = client.wait_for(|message| message["method"] == "window/showMessage").await;
    let text = message["params"]["message"].as_str().unwrap_or_default().to_owned();
    assert_eq!(message["params"]["type"], 2, "a warning: {text}");
    assert!(text.contains(".pyexplain/knowledge/bad-query/anchors.scm:2: unknown node type `identifer`"), "{text}");
    // Every problem of every file, not the first of each: broken-topic's summary, its missing
    // anchors and section; context-managers' front matter and its two required sections.
    assert!(text.contains("and 6 more problems, see the log"), "{text}");
    let mut logged = Vec::new();
    while logged.len() < 7 {
        let log = client.wait_for(|message| message["method"] == "window/logMessage").await;
        logged.push(log["params"]["message"].as_str().unwrap_or_default().to_owned());
    }
    let logged = logged.join("\n");
    assert!(logged.contains(".pyexplain/knowledge/broken-topic/topic.md:3: `summary` must be a string, not an integer"), "{logged}");
    assert!(logged.contains(".pyexplain/knowledge/broken-topic/topic.md:5: missing section `## How it works`"), "{logged}");
    assert!(logged.contains(".pyexplain/knowledge/context-managers/topic.md:1: expected front matter"), "{logged}");
    // The valid pack topic and the built-in text of the invalid override keep working.
    let uri = team.file_uri("orders.py");
    open(&mut client, &uri, &team.read("orders.py")).await;
    let retry = client.hover_text_in(&uri, ORDERS_DECORATOR.0, ORDERS_DECORATOR.1).await.unwrap_or_default();
    assert!(retry.contains("retry policy"), "{retry}");
    let with = client.hover_text_in(&uri, 12, 5).await.unwrap_or_default();
    assert!(with.contains("Context managers") || with.contains("context manager"), "{with}");
    assert!(client.shutdown_and_exit().await);
}

/// A team's own decorator often has no page: without `docs` the hover has no link; with one, the
/// link is labelled by its host, never "Python docs". A bare anchor name is a warning the server
/// reports like the other problems, and the topic still loads.
#[tokio::test]
async fn pack_links_are_optional_and_labelled_by_host_and_bare_anchors_are_warned_about() {
    let team = Workspace::empty();
    let front = |title: &str, docs: &str, anchors: &str| {
        format!("+++\ntitle = \"{title}\"\nsummary = \"Logs how long each call takes.\"\n{docs}\n[anchors]\n{anchors}\n+++\n\n## What it is\nx\n\n## How it works\ny\n")
    };
    team.write(".pyexplain/knowledge/timing/topic.md", &front("Timing", "", "decorators = [\"timed\", \"ourlib.timing.timed\"]"));
    team.write(
        ".pyexplain/knowledge/audit/topic.md",
        &front("Audit", "docs = \"https://docs.example.com/ourlib/audit\"", "calls = [\"ourlib.audit.record\"]"),
    );
    let mut client = start(&[&team], json!({}), Value::Null).await;
    let message = client.wait_for(|message| message["method"] == "window/showMessage").await;
    let text = message["params"]["message"].as_str().unwrap_or_default().to_owned();
    assert!(
        text.contains(".pyexplain/knowledge/timing/topic.md:6: warning: `timed` in `anchors.decorators` is not a qualified name"),
        "{text}"
    );
    assert!(text.ends_with("Every entry still loads."), "a warning leaves nothing out: {text}");
    let uri = team.file_uri("jobs.py");
    let code = "from ourlib.timing import timed\nfrom ourlib import audit\n\n\n@timed\ndef run():\n    audit.record(1)\n";
    team.write("jobs.py", code);
    open(&mut client, &uri, code).await;
    let timing = client.hover_text_in(&uri, 4, 2).await.unwrap_or_default();
    assert!(timing.starts_with("**Timing**"), "the topic loads despite the warning: {timing}");
    assert!(!timing.contains("]("), "no docs, no link: {timing}");
    let audit = client.hover_text_in(&uri, 6, 11).await.unwrap_or_default();
    assert!(audit.starts_with("**Audit**"), "{audit}");
    assert!(audit.ends_with("[docs.example.com](https://docs.example.com/ourlib/audit)"), "{audit}");
    assert!(!audit.contains("Python docs"), "{audit}");
    assert!(client.shutdown_and_exit().await);
}

#[tokio::test]
async fn config_toml_sets_the_workspace_defaults_and_the_editor_wins() {
    let team = Workspace::team();
    team.write(
        ".pyexplain/config.toml",
        "[hover]\ndetail = \"full\"\n\n[pitfalls]\nopen-without-with = \"off\"\nlru-cache-maxsize-none = \"warning\"\n",
    );
    let text =
        "from functools import lru_cache\n\n\n@lru_cache(maxsize=None)\ndef table(n):\n    handle = open(n)\n    return handle.read()\n";
    let mut client = start(&[&team], json!({}), Value::Null).await;
    let uri = team.file_uri("cached.py");
    client.open_uri(&uri, text, 1).await;
    let diagnostics = client.diagnostics_of(&uri, 1).await;
    let codes: Vec<&str> = diagnostics.iter().filter_map(|diagnostic| diagnostic["code"].as_str()).collect();
    assert!(!codes.contains(&"open-without-with"), "off in config.toml: {codes:?}");
    let severity = diagnostics
        .iter()
        .find(|diagnostic| diagnostic["code"] == "lru-cache-maxsize-none")
        .map(|diagnostic| diagnostic["severity"].clone());
    assert_eq!(severity, Some(json!(2)), "warning in config.toml: {diagnostics:?}");
    let full = client.hover_text_in(&uri, 3, 3).await.unwrap_or_default();
    assert!(full.contains("How it works"), "detail = full from config.toml: {full}");
    // What the editor sets explicitly wins over config.toml.
    client
        .notify(
            "workspace/didChangeConfiguration",
            json!({"settings": {"pyexplain": {"hover": {"detail": "brief"}, "pitfalls": {"open-without-with": "information"}}}}),
        )
        .await;
    let diagnostics = client.diagnostics_of(&uri, 1).await;
    assert!(
        diagnostics.iter().any(|diagnostic| diagnostic["code"] == "open-without-with" && diagnostic["severity"] == 3),
        "{diagnostics:?}"
    );
    let brief = client.hover_text_in(&uri, 3, 3).await.unwrap_or_default();
    assert!(!brief.contains("How it works"), "{brief}");
    assert!(client.shutdown_and_exit().await);
}

#[tokio::test]
async fn a_watched_pack_reloads_when_its_files_change() {
    let team = Workspace::team();
    let capabilities = json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}});
    let mut client = start(&[&team], capabilities, Value::Null).await;
    let registration = client.wait_for(|message| message["method"] == "client/registerCapability").await;
    let registered = &registration["params"]["registrations"][0];
    assert_eq!(registered["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = registered["registerOptions"]["watchers"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|watcher| watcher["globPattern"].as_str())
        .collect();
    assert!(globs.contains(&"**/.pyexplain/**"), "{globs:?}");
    let uri = team.file_uri("orders.py");
    open(&mut client, &uri, &team.read("orders.py")).await;
    let topic = ".pyexplain/knowledge/retry-policy/topic.md";
    team.write(topic, &team.read(topic).replace("the order service's retry policy", "retries, as agreed in March"));
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": team.file_uri(topic), "type": 2}]})).await;
    // The document is analysed again with the new pack (its diagnostics are published again).
    client.diagnostics_of(&uri, 1).await;
    let hover = client.hover_text_in(&uri, ORDERS_DECORATOR.0, ORDERS_DECORATOR.1).await.unwrap_or_default();
    assert!(hover.contains("retries, as agreed in March"), "{hover}");
    // Deleting the pack falls back to the built-in knowledge.
    std::fs::remove_dir_all(team.root.join(".pyexplain")).expect("the pack can be removed");
    client.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": team.file_uri(".pyexplain"), "type": 3}]})).await;
    client.diagnostics_of(&uri, 1).await;
    let plain = client.hover_text_in(&uri, ORDERS_DECORATOR.0, ORDERS_DECORATOR.1).await.unwrap_or_default();
    assert!(plain.contains("Decorators with parameters") && !plain.contains("retries"), "{plain}");
    assert!(client.shutdown_and_exit().await);
}

#[tokio::test]
async fn without_a_watcher_the_pack_reloads_on_save() {
    let team = Workspace::team();
    let mut client = start(&[&team], json!({}), Value::Null).await;
    let uri = team.file_uri("orders.py");
    open(&mut client, &uri, &team.read("orders.py")).await;
    let topic = ".pyexplain/knowledge/retry-policy/topic.md";
    team.write(topic, &team.read(topic).replace("the order service's retry policy", "retries (saved)"));
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
    client.diagnostics_of(&uri, 1).await;
    let hover = client.hover_text_in(&uri, ORDERS_DECORATOR.0, ORDERS_DECORATOR.1).await.unwrap_or_default();
    assert!(hover.contains("retries (saved)"), "{hover}");
    // Saving the pack file itself in the editor reloads too, and is not analysed as Python.
    team.write(topic, &team.read(topic).replace("retries (saved)", "retries (edited in the editor)"));
    let topic_uri = team.file_uri(topic);
    client
        .notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": topic_uri, "languageId": "markdown", "version": 1, "text": team.read(topic)}}),
        )
        .await;
    client.notify("textDocument/didSave", json!({"textDocument": {"uri": topic_uri}})).await;
    client.diagnostics_of(&uri, 1).await;
    let hover = client.hover_text_in(&uri, ORDERS_DECORATOR.0, ORDERS_DECORATOR.1).await.unwrap_or_default();
    assert!(hover.contains("retries (edited in the editor)"), "{hover}");
    let view = client.request("pyexplain/debugDocument", json!({"uri": topic_uri})).await;
    assert_eq!(view, Value::Null, "a .pyexplain file is not an open Python document");
    assert!(client.shutdown_and_exit().await);
}

#[tokio::test]
async fn multi_root_workspaces_keep_their_packs_apart() {
    let first = Workspace::empty();
    let second = Workspace::empty();
    let entry = |title: &str| topic_md(title, &format!("How {title} registers handlers."), "decorators = [\"plugins.register\"]");
    first.write(".pyexplain/knowledge/plugin-registry/topic.md", &entry("Billing plugins"));
    second.write(".pyexplain/knowledge/plugin-registry/topic.md", &entry("Search plugins"));
    let text = "from plugins import register\n\n\n@register\ndef handler():\n    pass\n";
    let mut client = start(&[&first, &second], json!({}), Value::Null).await;
    let (one, two) = (first.file_uri("a.py"), second.file_uri("a.py"));
    open(&mut client, &one, text).await;
    open(&mut client, &two, text).await;
    let hover_one = client.hover_text_in(&one, 3, 2).await.unwrap_or_default();
    let hover_two = client.hover_text_in(&two, 3, 2).await.unwrap_or_default();
    assert!(hover_one.contains("Billing plugins") && !hover_one.contains("Search"), "{hover_one}");
    assert!(hover_two.contains("Search plugins") && !hover_two.contains("Billing"), "{hover_two}");
    // A folder added later brings its pack; a removed one takes its pack away.
    let third = Workspace::empty();
    let three = third.file_uri("a.py");
    open(&mut client, &three, text).await;
    assert_eq!(client.hover_text_in(&three, 3, 2).await, None);
    third.write(".pyexplain/knowledge/plugin-registry/topic.md", &entry("Admin plugins"));
    let change = json!({"event": {"added": [{"uri": third.uri(), "name": "third"}], "removed": [{"uri": first.uri(), "name": "first"}]}});
    client.notify("workspace/didChangeWorkspaceFolders", change).await;
    client.diagnostics_of(&three, 1).await;
    let hover_three = client.hover_text_in(&three, 3, 2).await.unwrap_or_default();
    assert!(hover_three.contains("Admin plugins"), "{hover_three}");
    assert_eq!(client.hover_text_in(&one, 3, 2).await, None);
    assert!(client.shutdown_and_exit().await);
}

#[tokio::test]
async fn a_calls_list_matches_calls_and_decorators_of_the_name() {
    let workspace = Workspace::empty();
    workspace.write(
        ".pyexplain/knowledge/background-tasks/topic.md",
        &topic_md("Background tasks", "Runs the function on the worker pool.", "calls = [\"jobs.task\"]"),
    );
    let text = "import jobs\nfrom jobs import task as t\n\n\n@jobs.task\ndef a():\n    pass\n\n\n@t(retries=2)\ndef b():\n    pass\n\n\nc = t(print)\nd = other(print)\n";
    let mut client = start(&[&workspace], json!({}), Value::Null).await;
    let uri = workspace.file_uri("tasks.py");
    open(&mut client, &uri, text).await;
    let here = [
        ((4, 6), "`@jobs.task` decorates `a`."),
        ((9, 1), "`@t(retries=2)` decorates `b`; `t` is `jobs.task`."),
        ((14, 4), "`t(print)` calls `jobs.task`."),
    ];
    for ((line, character), note) in here {
        let hover = client.hover_text_in(&uri, line, character).await.unwrap_or_default();
        assert!(hover.starts_with("**Background tasks**"), "{line}:{character}: {hover}");
        assert!(hover.contains(note), "{line}:{character}: {hover}");
    }
    assert_eq!(client.hover_text_in(&uri, 15, 4).await, None);
    assert!(client.shutdown_and_exit().await);
}

#[tokio::test]
async fn a_bases_list_anchors_the_classes_that_inherit() {
    let workspace = Workspace::empty();
    workspace.write(
        ".pyexplain/knowledge/orm-models/topic.md",
        &topic_md("ORM models", "A table row as a class.", "bases = [\"store.orm.Model\"]"),
    );
    let text = "from store import orm\n\n\nclass Order(orm.Model):\n    pass\n\n\nclass Plain(object):\n    pass\n";
    let mut client = start(&[&workspace], json!({}), Value::Null).await;
    let uri = workspace.file_uri("models.py");
    open(&mut client, &uri, text).await;
    let hover = client.hover_text_in(&uri, 3, 7).await.unwrap_or_default();
    assert!(hover.starts_with("**ORM models**"), "{hover}");
    assert!(hover.contains("`Order` inherits from `store.orm.Model`."), "{hover}");
    assert_eq!(client.hover_text_in(&uri, 7, 7).await, None);
    assert!(client.shutdown_and_exit().await);
}

#[tokio::test]
async fn a_pack_topic_can_anchor_with_a_query() {
    let workspace = Workspace::empty();
    workspace.write(
        ".pyexplain/knowledge/feature-flags/topic.md",
        &topic_md("Feature flags", "FLAG_* constants switch code paths per deployment.", ""),
    );
    workspace.write(
        ".pyexplain/knowledge/feature-flags/anchors.scm",
        "; Module-level FLAG_* assignments.\n((assignment left: (identifier) @anchor)\n (#match? @anchor \"^FLAG_\"))\n",
    );
    let text = "import os\n\nFLAG_NEW_CHECKOUT = os.environ.get(\"NEW_CHECKOUT\") == \"1\"\nlimit = 3\n";
    let mut client = start(&[&workspace], json!({}), Value::Null).await;
    let uri = workspace.file_uri("flags.py");
    open(&mut client, &uri, text).await;
    let hover = client.hover_text_in(&uri, 2, 3).await.unwrap_or_default();
    assert!(hover.starts_with("**Feature flags**"), "{hover}");
    assert_eq!(client.hover_text_in(&uri, 3, 1).await, None);
    assert!(client.shutdown_and_exit().await);
}

#[tokio::test]
async fn relative_imports_inside_a_package_resolve_to_the_pack_names() {
    let team = Workspace::team();
    team.write("ourlib/sub/__init__.py", "");
    let nested = "from .. import retry as policies\nfrom ..retry import retry\n\n\n@policies.retry(times=4)\ndef a():\n    pass\n\n\n@retry\ndef b():\n    pass\n";
    team.write("ourlib/sub/jobs.py", nested);
    let mut client = start(&[&team], json!({}), Value::Null).await;
    let uri = team.file_uri("ourlib/warehouse.py");
    open(&mut client, &uri, &team.read("ourlib/warehouse.py")).await;
    let hover = client.hover_text_in(&uri, 7, 2).await.unwrap_or_default();
    assert!(hover.contains("the order service's retry policy"), "{hover}");
    assert!(hover.contains("`@retry(times=2, delay=1.0)` decorates `ping`; `retry` is `ourlib.retry.retry`."), "{hover}");
    let uri = team.file_uri("ourlib/sub/jobs.py");
    open(&mut client, &uri, nested).await;
    for (line, character) in [(4, 11), (9, 2)] {
        let hover = client.hover_text_in(&uri, line, character).await.unwrap_or_default();
        assert!(hover.contains("the order service's retry policy"), "{line}:{character}: {hover}");
    }
    // Outside a package (no `__init__.py` above it) a relative import names nothing.
    let loose = team.file_uri("scripts/run.py");
    team.write("scripts/run.py", "from .retry import retry\n\n\n@retry()\ndef c():\n    pass\n");
    open(&mut client, &loose, &team.read("scripts/run.py")).await;
    let hover = client.hover_text_in(&loose, 3, 2).await.unwrap_or_default();
    assert!(!hover.contains("retry policy"), "{hover}");
    assert!(client.shutdown_and_exit().await);
}

/// `[per-file-ignores]` in config.toml: glob patterns over paths relative to the folder, each
/// silencing pitfall or topic ids in the files it matches, and nothing elsewhere.
#[tokio::test]
async fn per_file_ignores_silence_ids_in_the_files_they_match() {
    let team = Workspace::team();
    team.write(
        ".pyexplain/config.toml",
        "[per-file-ignores]\n\"tests/**/test_*.py\" = [\"open-without-with\"]\n\"scripts/*.py\" = [\"caching\"]\n\"legacy.py\" = []\n",
    );
    let text =
        "from functools import lru_cache\n\n\n@lru_cache(maxsize=None)\ndef table(n):\n    handle = open(n)\n    return handle.read()\n";
    let mut client = start(&[&team], json!({}), Value::Null).await;
    let codes = |diagnostics: Vec<Value>| -> Vec<String> {
        let mut codes: Vec<String> = diagnostics.iter().filter_map(|diagnostic| diagnostic["code"].as_str().map(str::to_owned)).collect();
        codes.sort();
        codes
    };
    let cases = [
        ("tests/unit/test_cache.py", vec!["lru-cache-maxsize-none"]),
        ("scripts/cache.py", vec!["open-without-with"]),
        ("legacy.py", vec![]),
        ("src/cache.py", vec!["lru-cache-maxsize-none", "open-without-with"]),
    ];
    for (relative, expected) in cases {
        let uri = team.file_uri(relative);
        client.open_uri(&uri, text, 1).await;
        assert_eq!(codes(client.diagnostics_of(&uri, 1).await), expected, "{relative}");
    }
    assert!(client.shutdown_and_exit().await);
}
