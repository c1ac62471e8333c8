//! Facts across files: a base class, a mixin and an ABC in three modules of a `src/` layout,
//! imported relatively and absolutely, give the hovers the same facts as when everything is in
//! one file, through `scan`'s index and through the server's; an edit to a base class in one
//! open document changes the hover in another.

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde_json::json;

use crate::support::{self, lsp::Client};
use pyexplain::ide::scan::scan_text;
use pyexplain::settings::Settings;

fn project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/projects/layered")
}

/// The notes of the topics that follow classes across modules, by (topic, anchor text).
fn notes(
    text: &str,
    package: Option<&str>,
    index: Option<&std::sync::Arc<pyexplain::ide::WorkspaceIndex>>,
) -> Vec<(String, String, Vec<String>)> {
    let scanned = scan_text(text.to_owned(), package, support::knowledge(), &Settings::default(), index);
    scanned
        .constructs
        .iter()
        .filter(|occurrence| matches!(occurrence.topic.as_str(), "super" | "abstract-base-classes" | "descriptors"))
        .map(|occurrence| (occurrence.topic.clone(), text[occurrence.anchor.clone()].to_owned(), occurrence.notes.clone()))
        .collect()
}

#[test]
fn scan_resolves_bases_through_the_index_as_in_one_file() {
    let root = project();
    let files: Vec<(String, PathBuf)> = ["src/shapes/__init__.py", "src/shapes/base.py", "src/shapes/mixins.py", "src/shapes/circle.py"]
        .iter()
        .map(|path| (path.to_string(), root.join(path)))
        .collect();
    let index = pyexplain::cli::index_of(&files);
    let read = |path: &str| std::fs::read_to_string(root.join(path)).unwrap_or_default();
    let single = notes(&read("single.py"), None, None);
    let circle = notes(&read("src/shapes/circle.py"), Some("shapes"), Some(&index));
    // Every occurrence of the module has the notes of the same occurrence in one file.
    for occurrence in &circle {
        assert!(single.contains(occurrence), "{occurrence:#?}\nnot among\n{single:#?}");
    }
    assert_eq!(circle.len(), 3, "{circle:#?}");
    let joined = format!("{circle:?}");
    assert!(joined.contains("MRO of `Circle`: `Circle`, `ReprMixin`, `Shape`, `ABC`, `object`"), "{joined}");
    assert!(joined.contains("`Guarded` is a data descriptor"), "{joined}");
    // A namespace folder inside the package (no `__init__.py`) is named from the project folder.
    let solid_path = root.join("src/shapes/extra/solid.py");
    let all: Vec<(String, PathBuf)> = files.iter().cloned().chain([("solid".to_owned(), solid_path.clone())]).collect();
    let index = pyexplain::cli::index_of(&all);
    let package = pyexplain::indexing::module_of(Some(&root), &solid_path).and_then(|(_, package)| package);
    assert_eq!(package.as_deref(), Some("shapes.extra"));
    let solid = format!("{:?}", notes(&read("src/shapes/extra/solid.py"), package.as_deref(), Some(&index)));
    assert!(solid.contains("MRO of `Solid`: `Solid`, `Shape`, `ABC`, `object`"), "{solid}");
    // A module of a subpackage, whose base comes from its parent package.
    let square_path = root.join("src/shapes/plane/square.py");
    let all: Vec<(String, PathBuf)> = all.into_iter().chain([("square".to_owned(), square_path.clone())]).collect();
    let index = pyexplain::cli::index_of(&all);
    let package = pyexplain::indexing::module_of(Some(&root), &square_path).and_then(|(_, package)| package);
    assert_eq!(package.as_deref(), Some("shapes.plane"));
    assert!(index.snapshot().module("shapes.plane.square").is_some());
    let square = format!("{:?}", notes(&read("src/shapes/plane/square.py"), package.as_deref(), Some(&index)));
    assert!(square.contains("MRO of `Square`: `Square`, `ReprMixin`, `Shape`, `ABC`, `object`"), "{square}");
    // Without the index the same modules give up on the classes from elsewhere.
    let alone = format!("{:?}", notes(&read("src/shapes/circle.py"), Some("shapes"), None));
    assert!(alone.contains("comes from elsewhere"), "{alone}");
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Hovers at (line, character) of `uri` until `wanted` holds, for up to ten seconds.
async fn hover_until(client: &mut Client, uri: &str, line: u32, character: u32, wanted: impl Fn(&str) -> bool) -> String {
    let mut last = String::new();
    for _ in 0..200 {
        last = client.hover_text_in(uri, line, character).await.unwrap_or_default();
        if wanted(&last) {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    last
}

#[tokio::test]
async fn the_server_indexes_the_workspace_and_follows_edits_of_other_open_files() {
    let root = project();
    let folder = uri(&root);
    let (mut client, _) = Client::start_with(json!({
        "processId": null,
        "rootUri": folder,
        "workspaceFolders": [{"uri": folder, "name": "layered"}],
        "capabilities": {"window": {"workDoneProgress": true}},
    }))
    .await;
    let circle_uri = uri(&root.join("src/shapes/circle.py"));
    let mixins_uri = uri(&root.join("src/shapes/mixins.py"));
    let circle = std::fs::read_to_string(root.join("src/shapes/circle.py")).unwrap_or_default();
    let mixins = std::fs::read_to_string(root.join("src/shapes/mixins.py")).unwrap_or_default();
    client.open_uri(&circle_uri, &circle, 1).await;
    client.open_uri(&mixins_uri, &mixins, 1).await;
    // `super()` in `Circle.__init__` (line 10): the full MRO once the index is ready.
    let full = "MRO of `Circle`: `Circle`, `ReprMixin`, `Shape`, `ABC`, `object`";
    let hover = hover_until(&mut client, &circle_uri, 10, 9, |text| text.contains(full)).await;
    assert!(hover.contains(full), "{hover}");
    assert!(hover.contains("there `super().__init__` reaches `ReprMixin.__init__`"), "{hover}");
    // The mixin's base changes in its own open document: the hover in `circle.py` follows.
    client
        .notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": mixins_uri, "version": 2}, "contentChanges": [{"text": mixins.replace("class ReprMixin:", "class ReprMixin(dict):")}]}),
        )
        .await;
    let changed = "MRO of `Circle`: `Circle`, `ReprMixin`, `dict`, `Shape`, `ABC`, `object`";
    let hover = hover_until(&mut client, &circle_uri, 10, 9, |text| text.contains(changed)).await;
    assert!(hover.contains(changed), "{hover}");
    // The progress the client asked for was reported.
    let progress = client.inbox.iter().any(|message| message.get("method") == Some(&json!("$/progress")));
    let created = client.answers.iter().any(|(method, _)| method == "window/workDoneProgress/create");
    assert!(progress || created, "no progress: {:?}", client.inbox);
}

#[test]
fn a_standard_library_abc_adds_its_abstract_methods() {
    let actual = support::hover_notes(
        r#"
import abc
from collections.abc import Mapping

class $0Table(abc.ABC, Mapping):
    def __getitem__(self, key):
        return key
"#,
    );
    insta::assert_snapshot!(actual, @r"
    **Abstract base classes**
    - `Table()` raises `TypeError`: a subclass must implement `__iter__`, `__len__` before it can be instantiated.
    ");
}

#[test]
fn a_standard_library_base_without_abcmeta_ignores_abstractmethod() {
    let actual = support::hover_notes(
        r#"
import threading
from abc import abstractmethod

class Job(threading.Thread):
    @$0abstractmethod
    def run(self):
        ...
"#,
    );
    insta::assert_snapshot!(actual, @r"
    **Abstract base classes**
    - `Job` has no `ABC` base or `ABCMeta` metaclass, so `@abstractmethod` is ignored here and `Job()` still works.
    **Pitfall** (`abstractmethod-without-abc`): `@abstractmethod` is ignored here: without an `ABCMeta` metaclass the class can still be instantiated.
    ");
}

#[test]
fn super_reaches_a_method_of_a_standard_library_class() {
    let actual = support::hover_notes(
        r#"
import socketserver

class Handler(socketserver.StreamRequestHandler):
    def setup(self):
        $0super().setup()
"#,
    );
    insta::assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - Zero-argument form: Python supplies the enclosing class `Handler` (the `__class__` cell) and the first argument `self`.
    - MRO of `Handler`: `Handler`, `StreamRequestHandler`, `BaseRequestHandler`, `object`; there `super().setup` reaches `StreamRequestHandler.setup`.
    - From a subclass the MRO of `type(self)` decides, so the class reached can change.
    ");
}
