//! The fault suite: the real binary over stdio, fed broken frames, protocol misuse, hostile
//! positions and edits, and hostile files. After every case the server still answers a hover.

use std::sync::atomic::{AtomicI32, Ordering};

use serde_json::{json, Value};

use crate::support::stdio;

use stdio::{range, utf16_position, Session};

/// The document every case ends with: a hover on its `yield` must still explain `yield from`.
const CHECK_URI: &str = "file:///faults/check.py";
const CHECK_TEXT: &str = "def outer():\n    result = yield from inner()\n";
const YIELD_FROM: &str = "`yield from` delegation";

const URI: &str = "file:///faults/case.py";

/// Versions of the check document, increasing across the suite.
static CHECK_VERSION: AtomicI32 = AtomicI32::new(0);

/// The check every case ends with.
trait Serves {
    fn assert_serves(&mut self);
}

impl Serves for Session {
    #[track_caller]
    fn assert_serves(&mut self) {
        let check_version = CHECK_VERSION.fetch_add(1, Ordering::Relaxed) + 1;
        self.open(CHECK_URI, CHECK_TEXT, check_version);
        let hover = self.hover_text(CHECK_URI, 1, 13);
        assert!(hover.as_deref().is_some_and(|text| text.contains(YIELD_FROM)), "the server no longer explains `yield from`: {hover:?}");
        let stderr = self.stderr();
        assert!(!stderr.contains("panicked"), "something panicked:\n{stderr}");
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn assert_yield_from_hover(session: &mut Session, uri: &str, text: &str, nth: usize) {
    let offset = text.match_indices("yield from").nth(nth).map(|(offset, _)| offset).expect("the text has that `yield from`");
    let (line, character) = utf16_position(text, offset);
    let reply = session.hover(uri, line, character);
    let value = reply["contents"]["value"].as_str().unwrap_or_default();
    assert!(value.contains(YIELD_FROM), "no `yield from` hover at {line}:{character}: {reply}");
    assert_eq!(reply["range"]["start"], json!({"line": line, "character": character}), "{reply}");
}

#[track_caller]
fn assert_text(session: &mut Session, uri: &str, expected: &str) {
    let document = session.debug_document(uri);
    let actual = document["text"].as_str().expect("the document is open");
    assert!(
        actual == expected,
        "the server's text differs from the client's:\n server: {:?}\n client: {:?}",
        abbreviate(actual),
        abbreviate(expected)
    );
}

fn abbreviate(text: &str) -> String {
    if text.len() <= 400 {
        return text.to_owned();
    }
    let head: String = text.chars().take(200).collect();
    let tail: String = text.chars().rev().take(200).collect::<Vec<_>>().into_iter().rev().collect();
    format!("{head}…({} bytes)…{tail}", text.len())
}

// Protocol ------------------------------------------------------------------------------------

const SHUTDOWN_BODY: &str = r#"{"jsonrpc":"2.0","id":99,"method":"shutdown"}"#;

#[test]
fn content_length_that_lies_is_answered_and_later_messages_are_served() {
    let mut session = Session::initialized();
    session.assert_serves();

    // Short: the first ten bytes are not JSON; the rest of the body is skipped as garbage. The
    // body is a `shutdown`, so serving it by mistake would show in `finish`.
    session.send_raw(format!("Content-Length: 10\r\n\r\n{SHUTDOWN_BODY}").as_bytes());
    assert_eq!(session.null_id_error(), -32700, "short");
    session.assert_serves();

    // Long, and the client waits for the answer to the message swallowed by the lie: a complete
    // JSON value followed by a header gives the lie away before the declared length arrives.
    session.send_raw(format!("Content-Length: {}\r\n\r\n{SHUTDOWN_BODY}", SHUTDOWN_BODY.len() + 5000).as_bytes());
    session.assert_serves();
    assert_eq!(session.null_id_error(), -32700, "long");

    // Long by a little, with the swallowed bytes all there: still one reply, and the message the
    // lie ran into is served.
    let hover = json!({"jsonrpc": "2.0", "id": 1000, "method": "textDocument/hover", "params": {"textDocument": {"uri": CHECK_URI}, "position": {"line": 1, "character": 13}}}).to_string();
    let mut bytes = format!("Content-Length: {}\r\n\r\n{SHUTDOWN_BODY}", SHUTDOWN_BODY.len() + 7).into_bytes();
    bytes.extend(frame(hover.as_bytes()));
    session.send_raw(&bytes);
    assert_eq!(session.null_id_error(), -32700, "long by a little");
    let reply = session.reply_to(1000);
    assert!(reply["result"]["contents"]["value"].as_str().is_some_and(|text| text.contains(YIELD_FROM)), "{reply}");

    // Long, and no body at all: the next message's header comes right after the blank line.
    session.send_raw(b"Content-Length: 99999999\r\n\r\n");
    session.assert_serves();
    assert_eq!(session.null_id_error(), -32700, "long without a body");

    // Missing: only a Content-Type header.
    session.send_raw(format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{SHUTDOWN_BODY}").as_bytes());
    assert_eq!(session.null_id_error(), -32700, "missing");
    session.assert_serves();

    // Not a number, negative, past `usize`, empty.
    for value in ["abc", "-5", "99999999999999999999999", "", "12abc", "0x20"] {
        session.send_raw(format!("Content-Length: {value}\r\n\r\n{SHUTDOWN_BODY}").as_bytes());
        assert_eq!(session.null_id_error(), -32700, "Content-Length: {value:?}");
        session.assert_serves();
    }

    // A usable Content-Type next to an unusable Content-Length: one reply for the one frame.
    session.send_raw(
        format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: x\r\n\r\n{SHUTDOWN_BODY}").as_bytes(),
    );
    assert_eq!(session.null_id_error(), -32700, "two headers");
    session.assert_serves();

    // Zero: an empty body is not JSON.
    session.send_raw(b"Content-Length: 0\r\n\r\n");
    assert_eq!(session.null_id_error(), -32700, "zero");
    session.assert_serves();

    // The blank line after the headers is missing: the header block runs into the body.
    session.send_raw(format!("Content-Length: {}\r\n{SHUTDOWN_BODY}", SHUTDOWN_BODY.len()).as_bytes());
    session.assert_serves();
    assert_eq!(session.null_id_error(), -32700, "no blank line");
    // One reply per lie, no more.
    session.assert_serves();
    let extra: Vec<Value> = session.drain().into_iter().filter(|message| message.get("error").is_some()).collect();
    assert!(extra.is_empty(), "{extra:?}");
    session.finish();
}

#[test]
fn bodies_that_are_not_json_rpc_get_error_replies() {
    let mut session = Session::initialized();
    let cases: &[(&[u8], i64)] = &[
        (b"hello world", -32700),
        (b"{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": ", -32700),
        (b"\xff\xfe\x00garbage", -32700),
        (b"{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/hover\",\"params\":\"\xff\"}", -32700),
        (b"{\"hello\": 1}", -32600),
        (b"[1, 2, 3]", -32600),
        (b"[]", -32600),
        (b"\"a string\"", -32600),
        (b"42", -32600),
        (b"null", -32600),
        (b"{\"jsonrpc\": \"1.0\", \"id\": 3, \"method\": \"shutdown\"}", -32600),
        (b"{\"jsonrpc\": \"2.0\", \"id\": 3.5, \"method\": \"shutdown\"}", -32600),
        (b"{\"jsonrpc\": \"2.0\", \"id\": {}, \"method\": \"shutdown\"}", -32600),
        (b"{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": 7}", -32600),
        (b"{\"jsonrpc\": \"2.0\", \"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"shutdown\"}", -32600),
    ];
    for (body, code) in cases {
        session.send_raw(&frame(body));
        assert_eq!(session.null_id_error(), *code, "{}", String::from_utf8_lossy(body));
        session.assert_serves();
    }
    session.finish();
}

#[test]
fn framing_that_is_odd_but_valid_is_served() {
    let mut session = Session::initialized();
    session.open(CHECK_URI, CHECK_TEXT, 1);
    let hover = json!({"jsonrpc": "2.0", "id": 500, "method": "textDocument/hover", "params": {"textDocument": {"uri": CHECK_URI}, "position": {"line": 1, "character": 13}}}).to_string();
    let is_yield_from = |reply: &Value| reply["result"]["contents"]["value"].as_str().is_some_and(|text| text.contains(YIELD_FROM));

    // One byte per write.
    for byte in frame(hover.as_bytes()) {
        session.send_raw(&[byte]);
    }
    assert!(is_yield_from(&session.reply_to(500)));

    // Three messages in one write, with a Content-Type header first and whitespace in the value.
    let mut bytes = Vec::new();
    for id in 501..504 {
        let body = hover.replace("500", &id.to_string());
        bytes.extend(
            format!("Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length:  {} \r\n\r\n{body}", body.len())
                .into_bytes(),
        );
    }
    session.send_raw(&bytes);
    for id in 501..504 {
        assert!(is_yield_from(&session.reply_to(id)), "request {id}");
    }

    // Text that looks like framing inside a message, which arrives in pieces: the decoder must
    // not take it for a lie about the length.
    let text = "HEADER = 'Content-Length: 12\\r\\n\\r\\n{}'\n# }Content-Length: 3\r\n\r\n{}\ndef g():\n    yield from h()\n";
    let open = json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": URI, "languageId": "python", "version": 1, "text": text}}});
    for piece in frame(open.to_string().as_bytes()).chunks(7) {
        session.send_raw(piece);
    }
    assert_text(&mut session, URI, text);
    assert_yield_from_hover(&mut session, URI, text, 0);

    // A megabyte of garbage, then a message.
    let mut state: u32 = 0x1234_5678;
    let garbage: Vec<u8> = (0..1 << 20)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            state as u8
        })
        .collect();
    session.send_raw(&garbage);
    session.send_raw(&frame(hover.replace("500", "505").as_bytes()));
    assert!(is_yield_from(&session.reply_to(505)));

    // Garbage between frames is skipped without an answer: there is no message to answer.
    session.send_raw(b"\r\n\r\nnot a header\n\x00\xff");
    session.send_raw(&frame(hover.replace("500", "504").as_bytes()));
    assert!(is_yield_from(&session.reply_to(504)));
    let strays: Vec<Value> = session.drain().into_iter().filter(|message| message.get("id").is_some()).collect();
    assert!(strays.is_empty(), "{strays:?}");
    session.assert_serves();
    session.finish();
}

#[test]
fn lifecycle_misuse_gets_the_spec_errors() {
    let mut session = Session::start();
    // Before `initialize`: requests are refused with ServerNotInitialized, notifications dropped.
    session.open(URI, "def g():\n    yield from h()\n", 1);
    let reply = session.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": 1, "character": 4}}));
    assert_eq!(reply["error"]["code"], -32002, "{reply}");
    let reply = session.request("pyexplain/debugDocument", json!({"uri": URI}));
    assert_eq!(reply["error"]["code"], -32002, "{reply}");
    let reply = session.request("shutdown", Value::Null);
    assert_eq!(reply["error"]["code"], -32002, "{reply}");

    let reply = session.request("initialize", json!({"capabilities": {}}));
    assert_eq!(reply["result"]["capabilities"]["positionEncoding"], "utf-16", "{reply}");
    session.notify("initialized", json!({}));
    assert_eq!(session.debug_document(URI), Value::Null, "the early didOpen was dropped");

    // A second `initialize` is an invalid request and changes nothing, not even the encoding.
    let reply = session.request("initialize", json!({"capabilities": {"general": {"positionEncodings": ["utf-8"]}}}));
    assert_eq!(reply["error"]["code"], -32600, "{reply}");
    session.open(URI, "def g():\n    x = '😀'; y = yield from h()\n", 1);
    let hover = session.hover(URI, 1, 18);
    assert_eq!(hover["range"]["start"]["character"], 18, "still UTF-16: {hover}");
    session.assert_serves();

    // Unknown methods: an error for a request (also for a `$/` one), silence for a notification.
    let reply = session.request("pyexplain/frobnicate", json!({}));
    assert_eq!(reply["error"]["code"], -32601, "{reply}");
    let reply = session.request("$/frobnicate", json!({}));
    assert_eq!(reply["error"]["code"], -32601, "{reply}");
    session.notify("pyexplain/frobnicate", json!({}));
    session.notify("$/frobnicate", json!({}));
    session.notify("textDocument/frobnicate", Value::Null);
    // Known methods with params of the wrong shape.
    let reply = session.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": -1, "character": 0}}));
    assert_eq!(reply["error"]["code"], -32602, "{reply}");
    let reply = session.request("textDocument/hover", json!([1, 2]));
    assert_eq!(reply["error"]["code"], -32602, "{reply}");
    session.notify("textDocument/didChange", json!({"textDocument": {"uri": URI}}));
    session.notify("textDocument/didOpen", json!("nonsense"));
    session.assert_serves();
    let strays: Vec<Value> = session.drain().into_iter().filter(|message| message.get("error").is_some() || message.is_string()).collect();
    assert!(strays.is_empty(), "notifications are never answered: {strays:?}");

    // After `shutdown`: every request but `exit` is an invalid request.
    let reply = session.request("shutdown", Value::Null);
    assert_eq!(reply["result"], Value::Null, "{reply}");
    let reply =
        session.request("textDocument/hover", json!({"textDocument": {"uri": CHECK_URI}, "position": {"line": 1, "character": 13}}));
    assert_eq!(reply["error"]["code"], -32600, "{reply}");
    let reply = session.request("shutdown", Value::Null);
    assert_eq!(reply["error"]["code"], -32600, "{reply}");
    session.notify("exit", Value::Null);
    // The editor may keep stdin open after `exit`: the server ends anyway.
    assert_eq!(session.wait_exit(false).code(), Some(0), "{}", session.stderr());
}

#[test]
fn exit_without_shutdown_ends_with_code_one() {
    let mut session = Session::initialized();
    session.assert_serves();
    session.notify("exit", Value::Null);
    assert_eq!(session.wait_exit(false).code(), Some(1), "exit without shutdown");

    let mut session = Session::start();
    session.notify("exit", Value::Null);
    assert_eq!(session.wait_exit(false).code(), Some(1), "exit before initialize");

    let mut session = Session::initialized();
    session.assert_serves();
    assert_eq!(session.wait_exit(true).code(), Some(1), "stdin closed without exit");
}

#[test]
fn cancel_requests_in_flight_and_already_answered() {
    // With `window/showDocument`, the explain command waits for the editor's answer: a request
    // in flight for as long as the test likes.
    let mut session = Session::initialized_with(json!({"window": {"showDocument": {"support": true}}}));
    let id = session.send_request("workspace/executeCommand", json!({"command": "pyexplain.server.explain", "arguments": ["yield-from"]}));
    let show = session.wait_for("window/showDocument", |message| message["method"] == "window/showDocument");
    session.notify("$/cancelRequest", json!({"id": id}));
    let reply = session.reply_to(id);
    assert_eq!(reply["error"]["code"], -32800, "{reply}");
    // The editor answers late: the answer has no one waiting, and is dropped.
    session.send(json!({"jsonrpc": "2.0", "id": show["id"], "result": {"success": true}}));
    session.assert_serves();

    // Already answered, never sent and repeated cancels change nothing.
    let answered =
        session.send_request("textDocument/hover", json!({"textDocument": {"uri": CHECK_URI}, "position": {"line": 1, "character": 13}}));
    let reply = session.reply_to(answered);
    assert!(reply["result"].is_object(), "{reply}");
    for cancelled in [json!(answered), json!(answered), json!(12345), json!("no-such-id"), json!(null)] {
        session.notify("$/cancelRequest", json!({"id": cancelled}));
    }
    session.notify("$/cancelRequest", json!({}));
    // A response to a request the server never sent.
    session.send(json!({"jsonrpc": "2.0", "id": 777, "result": null}));
    session.send(json!({"jsonrpc": "2.0", "id": 778, "error": {"code": -1, "message": "no"}}));
    session.assert_serves();
    let strays: Vec<Value> = session.drain().into_iter().filter(|message| message.get("error").is_some()).collect();
    assert!(strays.is_empty(), "{strays:?}");
    session.finish();
}

// Positions and edits -------------------------------------------------------------------------

#[test]
fn hostile_positions_clamp_or_give_null() {
    let mut session = Session::initialized();
    let text = "x = '😀'\ndef g():\n    y = '😀'; return (yield from h())\n";
    session.assert_serves();
    session.open(URI, text, 1);
    assert_yield_from_hover(&mut session, URI, text, 0);
    for (line, character) in [(3, 0), (4, 0), (1000, 0), (u32::MAX, u32::MAX), (0, 1000), (2, u32::MAX), (0, 6), (2, 10)] {
        // (0, 6) and (2, 10) are inside the surrogate pair of `😀`.
        let hover = session.hover(URI, line, character);
        assert_eq!(hover, Value::Null, "{line}:{character}");
    }
    // Not open, or open and closed.
    assert_eq!(session.hover("file:///faults/never-opened.py", 0, 0), Value::Null);
    session.notify("textDocument/didClose", json!({"textDocument": {"uri": URI}}));
    assert_eq!(session.hover(URI, 2, 28), Value::Null);
    assert_eq!(session.debug_document(URI), Value::Null);
    let reply = session.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": CHECK_URI}, "range": range((1, 13), (0, 0)), "context": {"diagnostics": []}}),
    );
    assert!(reply.get("error").is_none(), "{reply}");
    let reply = session.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": CHECK_URI}, "range": range((u32::MAX, 0), (u32::MAX, 5)), "context": {"diagnostics": []}}),
    );
    assert!(reply.get("error").is_none(), "{reply}");
    session.assert_serves();
    session.finish();
}

#[test]
fn hostile_edits_keep_the_text_in_step() {
    let mut session = Session::initialized();
    let mut version = 1;
    let mut edit = |session: &mut Session, changes: Value, expected: &str| {
        version += 1;
        session.change(URI, version, changes);
        assert_text(session, URI, expected);
        session.assert_serves();
    };
    session.open(URI, "a😀b\ncd\n", 1);

    // Inside a surrogate pair: the position clamps to the start of the character.
    edit(&mut session, json!([{"range": range((0, 2), (0, 2)), "text": "X"}]), "aX😀b\ncd\n");
    // Deleting half of a surrogate pair deletes nothing of it.
    edit(&mut session, json!([{"range": range((0, 2), (0, 3)), "text": ""}]), "aX😀b\ncd\n");
    // The end before the start: an insertion at the start.
    edit(&mut session, json!([{"range": range((1, 2), (0, 1)), "text": "Y"}]), "aX😀b\ncdY\n");
    // A character past the line's end clamps to it; a line past the end clamps to the text's end.
    edit(&mut session, json!([{"range": range((0, 99), (0, 99)), "text": "!"}]), "aX😀b!\ncdY\n");
    edit(&mut session, json!([{"range": range((99, 0), (120, 7)), "text": "end"}]), "aX😀b!\ncdY\nend");
    edit(&mut session, json!([{"range": range((1, 1), (99, 0)), "text": ""}]), "aX😀b!\nc");
    // A range over a line break, with CRLF and a lone CR in the new text.
    edit(&mut session, json!([{"range": range((0, 6), (1, 0)), "text": "\r\n\r"}]), "aX😀b!\r\n\rc");
    // Positions on the lines those breaks made.
    edit(
        &mut session,
        json!([{"range": range((1, 0), (1, 0)), "text": "1"}, {"range": range((2, 1), (2, 1)), "text": "2"}]),
        "aX😀b!\r\n1\rc2",
    );
    // A full-text change between incremental ones: each applies to what the one before made.
    edit(
        &mut session,
        json!([
            {"range": range((0, 0), (0, 0)), "text": "lost "},
            {"text": "def g():\n    yield from h()\n"},
            {"range": range((1, 4), (1, 4)), "text": "x = "},
            {"range": range((2, 0), (2, 0)), "text": "# 😀 e\u{301}\n"},
        ]),
        "def g():\n    x = yield from h()\n# 😀 e\u{301}\n",
    );
    assert_yield_from_hover(&mut session, URI, "def g():\n    x = yield from h()\n", 0);
    // An empty list of changes still bumps the version.
    edit(&mut session, json!([]), "def g():\n    x = yield from h()\n# 😀 e\u{301}\n");
    assert_eq!(session.debug_document(URI)["version"], version);

    // Versions going backwards are applied anyway (the editor's text is the truth).
    session.change(URI, 1, json!([{"range": range((0, 0), (0, 0)), "text": "#\n"}]));
    assert_text(&mut session, URI, "#\ndef g():\n    x = yield from h()\n# 😀 e\u{301}\n");
    assert_eq!(session.debug_document(URI)["version"], 1);
    session.assert_serves();

    // Changes for a document that is not open are dropped; they do not open it.
    session.change("file:///faults/not-open.py", 2, json!([{"text": "x = 1\n"}]));
    session.change("file:///faults/not-open.py", 3, json!([{"range": range((0, 0), (0, 0)), "text": "y"}]));
    assert_eq!(session.debug_document("file:///faults/not-open.py"), Value::Null);
    session.assert_serves();
    session.finish();
}

#[test]
fn utf8_positions_inside_a_character_clamp_to_its_start() {
    let mut session = Session::initialized_with(json!({"general": {"positionEncodings": ["utf-8"]}}));
    session.open(URI, "é😀\n", 1);
    // Byte 1 is inside `é`, byte 4 inside `😀`.
    session.change(URI, 2, json!([{"range": range((0, 1), (0, 1)), "text": "a"}]));
    assert_text(&mut session, URI, "aé😀\n");
    session.change(URI, 3, json!([{"range": range((0, 5), (0, 7)), "text": "b"}]));
    assert_text(&mut session, URI, "aéb\n");
    session.assert_serves();
    session.finish();
}

// Files ---------------------------------------------------------------------------------------

/// Opens `text`, checks the server's copy, hovers each of its first `yield from`s, then checks
/// the server still serves.
#[track_caller]
fn open_and_hover(session: &mut Session, name: &str, text: &str, hovers: usize) {
    let uri = format!("file:///faults/{name}.py");
    session.open(&uri, text, 1);
    assert_text(session, &uri, text);
    for nth in 0..hovers {
        assert_yield_from_hover(session, &uri, text, nth);
    }
    session.assert_serves();
    session.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
}

#[test]
fn hostile_files_are_ordinary_input() {
    let mut session = Session::initialized();
    let body = "def g(items):\n    total = yield from items\n";
    open_and_hover(&mut session, "empty", "", 0);
    assert_eq!(session.hover("file:///faults/empty.py", 0, 0), Value::Null);
    open_and_hover(&mut session, "nul", &format!("x = '\0'\0\n{body}\0"), 1);
    open_and_hover(&mut session, "crlf", &body.replace('\n', "\r\n"), 1);
    open_and_hover(&mut session, "lone-cr", &body.replace('\n', "\r"), 1);
    open_and_hover(&mut session, "mixed-breaks", "x = 1\r\ny = 2\rdef g(items):\n    total = yield from items\r", 1);
    open_and_hover(&mut session, "bom", &format!("\u{feff}{body}"), 1);
    open_and_hover(&mut session, "tabs", &body.replace("    ", "\t"), 1);
    open_and_hover(&mut session, "form-feed", &format!("\x0c{body}\x0c\n"), 1);
    open_and_hover(&mut session, "astral", "𝔡𝔢𝔣 = '🐍🎉'\ndef g(ä, 𝒙):\n    '😀'; yield from 𝒙  # e\u{301}a\u{308}\u{20dd}\n", 1);
    open_and_hover(&mut session, "combining", &format!("e\u{301}\u{301}\u{301} = 1\n{body}"), 1);
    open_and_hover(&mut session, "lone-surrogate-escape", "x = '\\ud83d'\ny = '\u{fffd}'\n", 0);
    open_and_hover(&mut session, "long-line", &format!("x = '{}'\n{body}", "é".repeat(50_000)), 1);
    open_and_hover(&mut session, "long-expression", &format!("x = {}1\n{body}", "1 + ".repeat(25_000)), 1);
    open_and_hover(&mut session, "long-comment-then-code", &format!("#{}\ndef g():\n    '😀'; yield from h()\n", "😀".repeat(100_000)), 1);
    session.finish();
}

#[test]
fn deep_nesting_does_not_overflow() {
    let mut session = Session::initialized();
    let depth = 500;
    let parentheses = format!(
        "x = {}1{}\ndef g():\n    yield from {}h(){}\n",
        "(".repeat(depth),
        ")".repeat(depth),
        "(".repeat(depth),
        ")".repeat(depth)
    );
    open_and_hover(&mut session, "parentheses", &parentheses, 1);
    let brackets = format!("x = {}{}\ndef g():\n    yield from h()\n", "[{(".repeat(depth), ")}]".repeat(depth));
    open_and_hover(&mut session, "brackets", &brackets, 1);
    let calls = format!("x = {}0{}\ndef g():\n    yield from h()\n", "f(".repeat(depth), ")".repeat(depth));
    open_and_hover(&mut session, "calls", &calls, 1);
    let unbalanced = format!("x = {}\ndef g():\n    yield from h()\n", "(".repeat(depth));
    let uri = "file:///faults/unbalanced.py";
    session.open(uri, &unbalanced, 1);
    assert_text(&mut session, uri, &unbalanced);
    session.assert_serves();

    // Blocks: `if`, `def`, `with`, `for` and `class` nested `depth` deep, `yield from` innermost.
    let mut blocks = String::new();
    let kinds = ["if x:", "def f(x):", "with x as y:", "for y in x:", "class C:", "while x:"];
    for level in 0..depth {
        blocks.push_str(&" ".repeat(level));
        blocks.push_str(kinds[level % kinds.len()]);
        blocks.push('\n');
    }
    blocks.push_str(&" ".repeat(depth));
    blocks.push_str("result = yield from inner()\n");
    open_and_hover(&mut session, "blocks", &blocks, 1);
    // Nested functions: every closure and decorator detector walks the scopes.
    let mut scopes = String::new();
    for level in 0..depth {
        scopes.push_str(&format!("{}@decorate({level})\n{}def f{level}(x=[]):\n", " ".repeat(level), " ".repeat(level)));
    }
    scopes.push_str(&format!("{}return [lambda: x for x in (yield from inner())]\n", " ".repeat(depth)));
    open_and_hover(&mut session, "scopes", &scopes, 1);
    session.finish();
}

#[test]
fn binary_garbage_with_a_py_name() {
    let mut session = Session::initialized();
    // A deterministic byte soup (xorshift), decoded lossily as an editor would show it.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let bytes: Vec<u8> = (0..200_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state as u8
        })
        .collect();
    let garbage = String::from_utf8_lossy(&bytes).into_owned();
    open_and_hover(&mut session, "garbage", &garbage, 0);
    let png = String::from_utf8_lossy(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0yield from\0\0").into_owned();
    open_and_hover(&mut session, "png", &png, 0);
    session.finish();
}

#[test]
fn ten_megabytes_of_python() {
    let mut session = Session::initialized();
    // Mostly docstrings: ten megabytes through the transport, the line index and an incremental
    // parse, with few enough nodes for a debug build to analyse them in seconds.
    let docstring = "Keeps the items of one shelf: é, 😀, 中文. ".repeat(100);
    let mut text = String::with_capacity(10_500_000);
    let mut n = 0;
    while text.len() < 10_000_000 {
        text.push_str(&format!("def items{n}(self):\n    \"\"\"{docstring}\"\"\"\n    # A comment.\n    return {n}\n\n"));
        n += 1;
    }
    text.push_str("def read_all(paths):\n    total = yield from read_lines(paths)\n");
    let uri = "file:///faults/big.py";
    session.open(uri, &text, 1);
    assert_yield_from_hover(&mut session, uri, &text, 0);
    // An edit in the middle, reparsed incrementally.
    let middle = text[text.len() / 2..].find('\n').map(|at| text.len() / 2 + at + 1).expect("a line break");
    let (line, character) = utf16_position(&text, middle);
    session.change(uri, 2, json!([{"range": range((line, character), (line, character)), "text": "# 😀\n"}]));
    text.insert_str(middle, "# 😀\n");
    assert_text(&mut session, uri, &text);
    assert_yield_from_hover(&mut session, uri, &text, 0);
    session.assert_serves();
    session.finish();
}

#[test]
fn dense_code() {
    let mut session = Session::initialized();
    // Most detectors find something in every unit.
    // FIXME: `yield-in-for-loop` (`read_after` scans every identifier of the file per loop) and
    // `metaclasses` (`local_class` scans every class per `metaclass=`) are quadratic: a megabyte
    // of these units takes three times as long as half a megabyte. Kept small until fixed.
    let unit = "\
class Store{n}(Base, metaclass=Registry):
    '''Keeps the items of shelf {n}: é, 😀.'''

    def items(self, shelves={}):
        with self.lock:
            for shelf in shelves:
                yield shelf
        total = yield from self.more()
        return [lambda: shelf for shelf in shelves]

";
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 200_000 {
        text.push_str(&unit.replace("{n}", &n.to_string()));
        n += 1;
    }
    let uri = "file:///faults/dense.py";
    session.open(uri, &text, 1);
    let last = text.match_indices("yield from").count() - 1;
    assert_yield_from_hover(&mut session, uri, &text, last);
    assert_yield_from_hover(&mut session, uri, &text, 0);
    session.assert_serves();
    session.finish();
}

#[test]
fn rapid_edits_and_hovers_arrive_in_order() {
    let mut session = Session::initialized();
    let mut text = "def g():\n    yield from h()\n".to_owned();
    session.open(URI, &text, 1);
    // All in one write: each change pushes `yield from` a line down, and the hover right after
    // it must find it there.
    let mut bytes = Vec::new();
    for version in 2..302 {
        let change = json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"range": range((0, 0), (0, 0)), "text": "#😀\r\n"}]}});
        let hover = json!({"jsonrpc": "2.0", "id": 10_000 + version, "method": "textDocument/hover", "params": {"textDocument": {"uri": URI}, "position": {"line": version, "character": 4}}});
        bytes.extend(frame(change.to_string().as_bytes()));
        bytes.extend(frame(hover.to_string().as_bytes()));
        text.insert_str(0, "#😀\r\n");
    }
    session.send_raw(&bytes);
    for version in 2..302 {
        let reply = session.reply_to(10_000 + version as i64);
        let value = reply["result"]["contents"]["value"].as_str().unwrap_or_default();
        assert!(value.contains(YIELD_FROM), "version {version}: {reply}");
        assert_eq!(reply["result"]["range"]["start"], json!({"line": version, "character": 4}), "version {version}");
    }
    assert_text(&mut session, URI, &text);
    assert_eq!(session.debug_document(URI)["version"], 301);
    session.assert_serves();
    session.finish();
}

#[test]
fn uris_of_every_shape() {
    let mut session = Session::initialized();
    let text = "def g():\n    yield from h()\n";
    for uri in [
        "file:///faults/with%20space%C3%A9.py",
        "file:///c%3A/Users/%F0%9F%98%80/x.py",
        "file:///C:/Users/x.py",
        "untitled:Untitled-1",
        "vscode-notebook-cell:/faults/n.ipynb#W0sZmlsZQ%3D%3D",
        "file:///faults/no-extension",
        "file:///faults/x.py?query=1#fragment",
    ] {
        session.open(uri, text, 1);
        assert_text(&mut session, uri, text);
        assert_yield_from_hover(&mut session, uri, text, 0);
    }
    // Not a URI at all: the notification is dropped, the request refused.
    session
        .notify("textDocument/didOpen", json!({"textDocument": {"uri": "not a uri", "languageId": "python", "version": 1, "text": text}}));
    let reply =
        session.request("textDocument/hover", json!({"textDocument": {"uri": "not a uri"}, "position": {"line": 1, "character": 4}}));
    assert!(reply.get("error").is_some() || reply["result"].is_null(), "{reply}");
    session.assert_serves();
    session.finish();
}

#[test]
fn hostile_settings_and_configuration_answers_are_ignored() {
    let mut session = Session::start();
    let options =
        json!({"hover": 5, "topics": {"disabled": "yield-from"}, "pitfalls": ["x", {"y": 1}], "pythonVersion": "3.99999999999999999999"});
    // A URI that does not parse fails `initialize`, which can be tried again.
    let reply = session.request("initialize", json!({"capabilities": {}, "rootUri": "file:///nonexistent/%ZZ%/%"}));
    assert_eq!(reply["error"]["code"], -32602, "{reply}");
    // Workspace folders that are not UTF-8 paths, or do not exist.
    let reply = session.request(
        "initialize",
        json!({
            "capabilities": {"workspace": {"configuration": true}},
            "initializationOptions": options,
            "rootUri": "file:///nonexistent/%C3%28",
            "workspaceFolders": [{"uri": "file:///faults/%C3%28%FF", "name": "bad"}],
        }),
    );
    assert!(reply.get("result").is_some(), "{reply}");
    session.notify("initialized", json!({}));
    session.assert_serves();

    // Settings pushed with the notification, of every wrong shape.
    for settings in [
        json!({"pyexplain": {"topics": {"disabled": [1, null, {}]}, "pitfalls": {"pickle-load": 3}}}),
        json!({"pyexplain": {"hover": {"detail": []}}}),
    ] {
        session.notify("workspace/didChangeConfiguration", json!({"settings": settings}));
        session.assert_serves();
    }
    // Anything else makes the server pull; the editor answers with garbage, or an error.
    let answers = [
        json!({"result": "nonsense"}),
        json!({"result": [42]}),
        json!({"result": []}),
        json!({"result": [null, null]}),
        json!({"error": {"code": -32603, "message": "no"}}),
    ];
    for answer in answers {
        session.notify("workspace/didChangeConfiguration", json!({"settings": null}));
        let pull = session.wait_for("workspace/configuration", |message| message["method"] == "workspace/configuration");
        let mut reply = json!({"jsonrpc": "2.0", "id": pull["id"]});
        reply.as_object_mut().expect("an object").extend(answer.as_object().expect("an object").clone());
        session.send(reply);
        session.assert_serves();
    }
    // Pulls the editor does not answer hold no handler: the server keeps serving with ten
    // outstanding (tower-lsp-server runs at most four handlers at once).
    let mut pulls = Vec::new();
    for _ in 0..10 {
        session.notify("workspace/didChangeConfiguration", json!({"settings": []}));
        pulls.push(session.wait_for("workspace/configuration", |message| message["method"] == "workspace/configuration"));
    }
    session.assert_serves();
    for pull in pulls {
        session.send(json!({"jsonrpc": "2.0", "id": pull["id"], "result": [{"hover": {"detail": "full"}}]}));
    }
    session.assert_serves();
    session.finish();
}
