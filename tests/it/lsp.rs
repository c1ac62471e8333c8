//! End to end through the real service over an in-memory duplex: capabilities, hover, edits,
//! diagnostics, code actions, settings and commands.

use crate::support;

use serde_json::{json, Value};
use support::lsp::{Client, URI};

const SAMPLE: &str = "\
import abc

class Meta(type):
    pass

class Shape(metaclass=Meta):
    pass

def outer(items):
    result = yield from inner(items)
    with open(items) as handle:
        pass
    return result
";

#[tokio::test]
async fn initialize_announces_the_capabilities() {
    let (client, result) = Client::start(json!({}), Value::Null).await;
    let capabilities = &result["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(capabilities["textDocumentSync"]["openClose"], true);
    assert_eq!(capabilities["hoverProvider"], true);
    assert_eq!(capabilities["codeActionProvider"]["codeActionKinds"], json!(["quickfix", "refactor.rewrite", "source.fixAll.pyexplain"]));
    assert_eq!(capabilities["executeCommandProvider"]["commands"], json!(["pyexplain.server.explain"]));
    assert_eq!(result["serverInfo"]["name"], "pyexplain");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(client.shutdown_and_exit().await, "shutdown was recorded");
}

#[tokio::test]
async fn utf8_is_chosen_when_the_client_offers_it() {
    let (_client, result) = Client::start(json!({"general": {"positionEncodings": ["utf-16", "utf-8"]}}), Value::Null).await;
    assert_eq!(result["capabilities"]["positionEncoding"], "utf-8");
}

#[tokio::test]
async fn hover_explains_each_of_the_three_topics() {
    let mut client = Client::utf16().await;
    client.open(SAMPLE).await;
    let yield_from = client.hover_text(9, 14).await.expect("a hover on `yield`");
    assert!(yield_from.contains("`yield from` delegation"), "{yield_from}");
    assert!(yield_from.contains("Delegates to `inner(items)`; its return value is bound to `result`."), "{yield_from}");
    assert!(yield_from.contains("(https://docs.python.org/3/"), "{yield_from}");

    let with = client.hover_text(10, 5).await.expect("a hover on `with`");
    assert!(with.contains("**Context managers**"), "{with}");
    assert!(with.contains("Enters `open(items)` and binds what `__enter__` returns to `handle`."), "{with}");

    let metaclass = client.hover_text(5, 14).await.expect("a hover on `metaclass`");
    assert!(metaclass.contains("**Metaclasses**"), "{metaclass}");
    assert!(metaclass.contains("`Meta` builds `Shape`"), "{metaclass}");

    let hover = client.hover(9, 14).await;
    assert_eq!(hover["range"], json!({"start": {"line": 9, "character": 13}, "end": {"line": 9, "character": 18}}));
}

#[tokio::test]
async fn off_an_anchor_and_out_of_range_hovers_are_null() {
    let mut client = Client::utf16().await;
    client.open(SAMPLE).await;
    assert_eq!(client.hover(0, 2).await, Value::Null, "plain import");
    assert_eq!(client.hover(9, 25).await, Value::Null, "inside `inner`");
    assert_eq!(client.hover(500, 0).await, Value::Null, "line past the end");
    assert_eq!(client.hover(9, 9999).await, Value::Null, "character past the line end");
    let reply = client
        .request_reply(
            "textDocument/hover",
            json!({"textDocument": {"uri": "file:///not/open.py"}, "position": {"line": 0, "character": 0}}),
        )
        .await;
    assert_eq!(reply["result"], Value::Null);
    // A malformed request gets an error reply and the server keeps serving.
    let reply = client.request_reply("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": "x"}})).await;
    assert!(reply.get("error").is_some(), "{reply}");
    assert!(client.hover_text(9, 14).await.is_some());
}

/// Edits with emoji and CJK before the cursor, in both encodings.
async fn edits_shift_hovers(mut client: Client, utf8: bool) {
    client.open(SAMPLE).await;
    // Insert "x = '😀中'; " at the start of line 9 (`    result = yield from ...`), after the indent.
    let inserted = "x = '😀中'; ";
    let width = if utf8 { inserted.len() } else { inserted.encode_utf16().count() } as u32;
    client
        .change(2, json!([{"range": {"start": {"line": 9, "character": 4}, "end": {"line": 9, "character": 4}}, "text": inserted}]))
        .await;
    let text = client.hover_text(9, 13 + width).await.expect("yield moved right");
    assert!(text.contains("`yield from` delegation"), "{text}");
    assert_eq!(client.hover(9, 13).await, Value::Null, "the old column is now inside the string");
    // A multi-line insert before line 5 shifts `metaclass` down two lines.
    client
        .change(
            3,
            json!([{"range": {"start": {"line": 4, "character": 0}, "end": {"line": 4, "character": 0}}, "text": "# 注释 🎉\n# two\n"}]),
        )
        .await;
    let text = client.hover_text(7, 14).await.expect("metaclass moved down");
    assert!(text.contains("**Metaclasses**"), "{text}");
    // Delete across lines: remove the two comment lines again, plus the emoji statement.
    client
        .change(
            4,
            json!([
                {"range": {"start": {"line": 4, "character": 0}, "end": {"line": 6, "character": 0}}, "text": ""},
                {"range": {"start": {"line": 9, "character": 4}, "end": {"line": 9, "character": 4 + width}}, "text": ""}
            ]),
        )
        .await;
    let document = client.debug_document().await;
    assert_eq!(document["text"], SAMPLE);
    assert_eq!(document["version"], 4);
    assert!(client.hover_text(9, 14).await.expect("back in place").contains("`yield from` delegation"));
}

#[tokio::test]
async fn edits_with_astral_characters_shift_hovers_in_utf16() {
    edits_shift_hovers(Client::utf16().await, false).await;
}

#[tokio::test]
async fn edits_with_astral_characters_shift_hovers_in_utf8() {
    edits_shift_hovers(Client::utf8().await, true).await;
}

/// A deterministic pseudo-random sequence (no extra crate for a test).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, bound: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % bound.max(1)
    }
}

fn utf16_position(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |index| index + 1);
    (line as u32, text[start..offset].encode_utf16().count() as u32)
}

#[tokio::test]
async fn two_hundred_rapid_changes_arrive_in_order() {
    let mut client = Client::utf16().await;
    let mut text = SAMPLE.to_owned();
    client.open(&text).await;
    let mut random = Lcg(7);
    let pieces = ["a", "é", "😀", "中", "\n", "yield from x\n", "(", "", "  "];
    for version in 2..202 {
        let boundaries: Vec<usize> = (0..=text.len()).filter(|index| text.is_char_boundary(*index)).collect();
        let start = boundaries[random.next(boundaries.len())];
        let later: Vec<usize> = boundaries.iter().copied().filter(|index| *index >= start && *index <= start + 8).collect();
        let end = later[random.next(later.len())];
        let piece = pieces[random.next(pieces.len())];
        let (start_line, start_character) = utf16_position(&text, start);
        let (end_line, end_character) = utf16_position(&text, end);
        text.replace_range(start..end, piece);
        client
            .send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": URI, "version": version},
                "contentChanges": [{"range": {"start": {"line": start_line, "character": start_character},
                                              "end": {"line": end_line, "character": end_character}}, "text": piece}]}}))
            .await;
    }
    let document = client.debug_document().await;
    assert_eq!(document["version"], 201);
    assert_eq!(document["text"].as_str(), Some(text.as_str()), "the server's text equals the client's");
    // The incremental analysis equals a from-scratch one where the text parses cleanly.
    let (fresh, analysis) = support::analyze(&text);
    if !fresh.tree().root_node().has_error() {
        let topics: Vec<&str> = analysis.occurrences.iter().map(|occurrence| occurrence.topic.as_str()).collect();
        let served: Vec<&str> = document["constructs"].as_array().expect("constructs").iter().filter_map(|c| c["topic"].as_str()).collect();
        assert_eq!(served, topics);
    }
    // The last diagnostics published are those of the last version.
    client.diagnostics(201).await;
}

#[tokio::test]
async fn incremental_analysis_equals_a_fresh_one_on_clean_edits() {
    let mut client = Client::utf16().await;
    client.open(SAMPLE).await;
    client.change(2, json!([{"range": {"start": {"line": 12, "character": 0}, "end": {"line": 12, "character": 0}}, "text": "    for item in items:\n        yield item\n"}])).await;
    let document = client.debug_document().await;
    let text = document["text"].as_str().expect("text").to_owned();
    let (_, analysis) = support::analyze(&text);
    let fresh: Vec<Value> = analysis
        .occurrences
        .iter()
        .map(|occurrence| {
            let (document, _) = support::analyze(&text);
            let range = pyexplain::lsp::convert::lsp_range(
                &document.text,
                &document.lines,
                occurrence.anchor.clone(),
                pyexplain::document::encoding::Encoding::Utf16,
            );
            json!({"topic": occurrence.topic, "range": range})
        })
        .collect();
    assert_eq!(document["constructs"], json!(fresh));
    assert_eq!(document["findings"], json!(["yield-in-for-loop"]));
}

#[tokio::test]
async fn a_quick_fix_removes_its_diagnostic() {
    let mut client = Client::utf16().await;
    let text = "def lines(f):\n    for line in f:\n        yield line\n";
    client.open(text).await;
    let diagnostics = client.diagnostics(1).await;
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let diagnostic = &diagnostics[0];
    assert_eq!(diagnostic["code"], "yield-in-for-loop");
    assert_eq!(diagnostic["source"], "pyexplain");
    assert_eq!(diagnostic["severity"], 4);
    assert_eq!(diagnostic["data"]["topic"], "yield-from");
    assert!(diagnostic["codeDescription"]["href"].as_str().is_some_and(|href| href.starts_with("https://docs.python.org/3/")));
    assert_eq!(diagnostic["range"], json!({"start": {"line": 1, "character": 4}, "end": {"line": 1, "character": 7}}));

    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
        )
        .await;
    let actions = actions.as_array().expect("a list of actions");
    let fix = actions
        .iter()
        .find(|action| action["kind"] == "quickfix" && action["title"] == "Replace the loop with `yield from`")
        .expect("the quick fix");
    assert_eq!(fix["isPreferred"], false, "an offered fix is not preferred");
    let edits = fix["edit"]["changes"][URI].as_array().expect("edits for the document").clone();
    assert!(actions.iter().any(|action| action["title"] == "Ignore yield-in-for-loop on this line"));

    // Apply the edit as the editor would, through didChange.
    let changes: Vec<Value> = edits.iter().rev().map(|edit| json!({"range": edit["range"], "text": edit["newText"]})).collect();
    client.change(2, json!(changes)).await;
    assert_eq!(client.debug_document().await["text"], "def lines(f):\n    yield from f\n");
    assert!(client.diagnostics(2).await.is_empty(), "the diagnostic is gone");
}

#[tokio::test]
async fn explain_is_offered_only_when_invoked_and_runs_the_server_command() {
    let mut client = Client::start(json!({"window": {"showDocument": {"support": true}}}), Value::Null).await.0;
    client.open(SAMPLE).await;
    let at_yield = json!({"start": {"line": 9, "character": 14}, "end": {"line": 9, "character": 14}});
    let automatic = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": at_yield, "context": {"diagnostics": [], "triggerKind": 2}}),
        )
        .await;
    assert_eq!(automatic, json!([]), "no lightbulb on every construct");
    let invoked = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": at_yield, "context": {"diagnostics": [], "triggerKind": 1}}),
        )
        .await;
    let explain = invoked.as_array().and_then(|actions| actions.first()).cloned().expect("an explain action");
    assert_eq!(explain["title"], "Explain: yield from delegation");
    assert_eq!(explain["command"]["command"], "pyexplain.server.explain");
    let result = client
        .request("workspace/executeCommand", json!({"command": "pyexplain.server.explain", "arguments": explain["command"]["arguments"]}))
        .await;
    assert!(result.as_str().is_some_and(|text| text.contains("## How it works")), "{result}");
    let shown = client.answers.iter().find(|(method, _)| method == "window/showDocument").expect("showDocument was sent");
    assert!(shown.1["uri"].as_str().is_some_and(|uri| uri.starts_with("https://docs.python.org/3/")));
    let unknown =
        client.request_reply("workspace/executeCommand", json!({"command": "pyexplain.server.explain", "arguments": ["nope"]})).await;
    assert!(unknown.get("error").is_some());
}

#[tokio::test]
async fn explain_falls_back_to_a_message_without_show_document() {
    let mut client = Client::utf16().await;
    client.request("workspace/executeCommand", json!({"command": "pyexplain.server.explain", "arguments": ["metaclasses"]})).await;
    let message = client.wait_for(|message| message["method"] == "window/showMessage").await;
    assert!(message["params"]["message"].as_str().is_some_and(|text| text.starts_with("# Metaclasses")));
}

#[tokio::test]
async fn settings_apply_live() {
    let mut client = Client::start(json!({"workspace": {"configuration": true}}), json!({"hover": {"detail": "brief"}})).await.0;
    client.open(SAMPLE).await;
    let brief = client.hover_text(9, 14).await.expect("brief hover");
    assert!(brief.chars().count() <= 1200);

    client.notify("workspace/didChangeConfiguration", json!({"settings": {"pyexplain": {"hover": {"detail": "full"}}}})).await;
    let full = client.hover_text(9, 14).await.expect("full hover");
    assert!(full.contains("**How it works**") && full.chars().count() > brief.chars().count() && full.chars().count() <= 4000, "{full}");

    client.notify("workspace/didChangeConfiguration", json!({"settings": {"pyexplain": {"topics": {"disabled": ["yield-from"]}}}})).await;
    assert_eq!(client.hover(9, 14).await, Value::Null, "a disabled topic does not hover");

    // An empty `settings` makes the server pull the section.
    client.set_configuration(json!([{"pitfalls": {"yield-in-for-loop": "warning"}}]));
    client.notify("workspace/didChangeConfiguration", json!({"settings": null})).await;
    // The pull is a round trip: poll until the pulled settings are in force.
    let mut hovered = false;
    for _ in 0..100 {
        if client.hover_text(9, 14).await.is_some() {
            hovered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(client
        .answers
        .iter()
        .any(|(method, params)| method == "workspace/configuration" && params["items"][0]["section"] == "pyexplain"));
    assert!(hovered, "the pulled settings replaced the disabled list");
}

#[tokio::test]
async fn pitfall_levels_and_ignore_comments_shape_the_diagnostics() {
    let mut client = Client::start(json!({}), json!({"pitfalls": {"yield-in-for-loop": "warning"}})).await.0;
    let text = "def a(f):\n    for x in f:\n        yield x\n\ndef b(f):\n    for x in f:  # pyexplain: ignore[yield-in-for-loop]\n        yield x\n";
    client.open(text).await;
    let diagnostics = client.diagnostics(1).await;
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["severity"], 2, "overridden to warning");
    client.notify("workspace/didChangeConfiguration", json!({"settings": {"pyexplain": {"pitfalls": {"yield-in-for-loop": "off"}}}})).await;
    assert!(client.diagnostics(1).await.is_empty(), "switched off");
}

#[tokio::test]
async fn half_typed_files_are_ordinary_input() {
    let mut client = Client::utf16().await;
    client.open("def outer(items):\n    x = yield from inner(items)\n\ndef broken(:\n    with open(\n").await;
    client.diagnostics(1).await;
    let text = client.hover_text(1, 9).await.expect("the intact `yield from` still hovers");
    assert!(text.contains("`yield from` delegation"));
}

/// Applies `edits` (LSP TextEdits of one document) to `text`, as an editor does.
fn apply_edits(text: &str, edits: &[Value]) -> String {
    let lines = pyexplain::document::LineIndex::new(text);
    let mut resolved: Vec<(std::ops::Range<usize>, String)> = edits
        .iter()
        .map(|edit| {
            let range: tower_lsp_server::ls_types::Range = serde_json::from_value(edit["range"].clone()).expect("a range");
            let bytes = pyexplain::lsp::convert::byte_range(text, &lines, range, pyexplain::document::encoding::Encoding::Utf16)
                .expect("the edit is in the text");
            (bytes, edit["newText"].as_str().expect("new text").to_owned())
        })
        .collect();
    resolved.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_owned();
    for (range, new_text) in resolved {
        out.replace_range(range, &new_text);
    }
    out
}

/// Every pitfall with a fix, on its knowledge entry's Example: open, diagnostics, the code action
/// at the diagnostic, apply, and the diagnostic is gone while the text stays valid Python.
#[tokio::test]
async fn every_quick_fix_works_through_the_protocol() {
    let knowledge = support::knowledge();
    let mut checked = 0;
    for pitfall in knowledge.pitfalls().filter(|pitfall| pitfall.fix_title.is_some()) {
        let example = pitfall.section("Example").expect("an Example section");
        let start = example.find("```python\n").expect("a python block") + "```python\n".len();
        let end = example[start..].find("```").expect("a closed block") + start;
        let text = &example[start..end];
        let mut client = Client::start(json!({}), json!({"pythonVersion": "3.12"})).await.0;
        client.open(text).await;
        let diagnostics = client.diagnostics(1).await;
        let diagnostic = diagnostics
            .iter()
            .find(|diagnostic| diagnostic["code"] == pitfall.id.as_str())
            .unwrap_or_else(|| panic!("{}: no diagnostic", pitfall.id))
            .clone();
        let actions = client
            .request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": URI}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}}),
            )
            .await;
        let title = pitfall.fix_title.as_deref().expect("a fix title");
        let fix = actions
            .as_array()
            .and_then(|actions| actions.iter().find(|action| action["title"] == title))
            .unwrap_or_else(|| panic!("{}: no `{title}` action in {actions}", pitfall.id))
            .clone();
        let edits = fix["edit"]["changes"][URI].as_array().expect("edits").clone();
        let fixed = apply_edits(text, &edits);
        support::assert_valid_python(&fixed);
        let changes: Vec<Value> = vec![json!({"text": fixed})];
        client.change(2, json!(changes)).await;
        let after = client.diagnostics(2).await;
        let count = |list: &[Value]| list.iter().filter(|diagnostic| diagnostic["code"] == pitfall.id.as_str()).count();
        assert!(count(&after) < count(&diagnostics), "{}: the diagnostic is still there after the fix:\n{fixed}", pitfall.id);
        checked += 1;
    }
    assert_eq!(checked, 12, "the ten fixes of the first catalogue and the two of asyncio");
}

#[tokio::test]
async fn fix_all_applies_every_safe_fix_in_one_merged_edit() {
    let text = "\
import functools


def log(fn):
    def wrapper(*args, **kwargs):
        return fn(*args, **kwargs)
    return wrapper


@functools.lru_cache(maxsize=None)
def square(x):
    return x * x


class Base:
    def greet(self):
        return 'hi'


class Child(Base):
    def greet(self):
        return super(Child, self).greet()
";
    let mut client = Client::utf16().await;
    client.open(text).await;
    let before = client.diagnostics(1).await;
    let codes: Vec<&str> = before.iter().filter_map(|diagnostic| diagnostic["code"].as_str()).collect();
    assert_eq!(codes, vec!["decorator-missing-wraps", "lru-cache-maxsize-none", "super-with-arguments"], "{before:?}");
    let whole = json!({"start": {"line": 0, "character": 0}, "end": {"line": 23, "character": 0}});
    let actions = client
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": whole, "context": {"diagnostics": [], "only": ["source.fixAll.pyexplain"]}}),
        )
        .await;
    let actions = actions.as_array().expect("actions");
    assert_eq!(actions.len(), 1, "{actions:?}");
    assert_eq!(actions[0]["kind"], "source.fixAll.pyexplain");
    let edits = actions[0]["edit"]["changes"][URI].as_array().expect("edits").clone();
    let fixed = apply_edits(text, &edits);
    support::assert_valid_python(&fixed);
    assert!(fixed.contains("@functools.cache\n"), "{fixed}");
    assert!(fixed.contains("return super().greet()"), "{fixed}");
    // The `wraps` fix is offered, not safe: fix-all leaves the wrapper alone.
    assert!(!fixed.contains("functools.wraps"), "{fixed}");
    client.change(2, json!([{"text": fixed}])).await;
    let after = client.diagnostics(2).await;
    let codes: Vec<&str> = after.iter().filter_map(|diagnostic| diagnostic["code"].as_str()).collect();
    assert_eq!(codes, vec!["decorator-missing-wraps"], "{after:?}");
}
