//! A client for the real binary over stdio, for tests that need the process itself (its memory,
//! the files it opens).
#![allow(dead_code)]

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// How long any one answer may take; a hang fails the test instead of blocking the suite.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// One server process. Writes go through a thread and reads come from one, so nothing the
/// server does (or fails to do) can block the test.
pub struct Session {
    child: Child,
    input: Option<mpsc::Sender<Vec<u8>>>,
    output: mpsc::Receiver<Value>,
    inbox: VecDeque<Value>,
    stderr: Arc<Mutex<Vec<u8>>>,
    next_id: i64,
    /// Whether notifications that arrive while waiting for something else are kept (for
    /// `wait_for`); a load test drops them so the inbox does not grow.
    pub keep_notifications: bool,
}

impl Session {
    /// The binary under test, not initialized.
    pub fn start() -> Session {
        Session::spawn(Command::new(env!("CARGO_BIN_EXE_pyexplain")))
    }

    /// Any command that ends up running the server (a tracer in front of it, another directory).
    pub fn spawn(mut command: Command) -> Session {
        let mut child = command.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("the server starts");
        let (input, to_stdin) = mpsc::channel::<Vec<u8>>();
        let mut stdin = child.stdin.take().expect("piped stdin");
        thread::spawn(move || {
            for bytes in to_stdin {
                if stdin.write_all(&bytes).and_then(|()| stdin.flush()).is_err() {
                    return;
                }
            }
        });
        let (from_stdout, output) = mpsc::channel();
        let stdout = child.stdout.take().expect("piped stdout");
        thread::spawn(move || read_frames(stdout, from_stdout));
        let stderr = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&stderr);
        let mut pipe = child.stderr.take().expect("piped stderr");
        thread::spawn(move || {
            let mut chunk = [0; 4096];
            while let Ok(read @ 1..) = pipe.read(&mut chunk) {
                sink.lock().expect("stderr sink").extend_from_slice(&chunk[..read]);
            }
        });
        Session { child, input: Some(input), output, inbox: VecDeque::new(), stderr, next_id: 1, keep_notifications: true }
    }

    /// `initialize` with `params` (merged over a null process id, root and capabilities), then
    /// `initialized`. Returns the `initialize` result.
    #[track_caller]
    pub fn initialize(&mut self, params: Value) -> Value {
        let mut full = json!({"processId": null, "rootUri": null, "capabilities": {}});
        if let (Some(full), Some(extra)) = (full.as_object_mut(), params.as_object()) {
            full.extend(extra.clone());
        }
        let reply = self.request("initialize", full);
        let result = reply.get("result").cloned().unwrap_or_else(|| panic!("initialize failed: {reply}"));
        self.notify("initialized", json!({}));
        result
    }

    /// The process id of the command started (the server itself unless a tracer runs it).
    /// The binary under test, initialized with no client capabilities.
    pub fn initialized() -> Session {
        Session::initialized_with(json!({}))
    }

    /// The binary under test, initialized with `capabilities`.
    pub fn initialized_with(capabilities: Value) -> Session {
        let mut session = Session::start();
        let reply = session.request("initialize", json!({"processId": null, "rootUri": null, "capabilities": capabilities}));
        assert!(reply.get("result").is_some(), "initialize failed: {reply}");
        session.notify("initialized", json!({}));
        session
    }

    /// Bytes as they are, framed or not.
    pub fn send_raw(&self, bytes: &[u8]) {
        self.input.as_ref().expect("stdin is open").send(bytes.to_vec()).expect("the writer thread runs");
    }

    /// The code of the next error reply with a null id (a frame that could not be read).
    pub fn null_id_error(&mut self) -> i64 {
        let reply = self
            .wait_for("an error reply with a null id", |message| message.get("id") == Some(&Value::Null) && message.get("error").is_some());
        reply["error"]["code"].as_i64().expect("an error code")
    }

    /// The Markdown of a hover, or `None` for a null one.
    pub fn hover_text(&mut self, uri: &str, line: u32, character: u32) -> Option<String> {
        self.hover(uri, line, character)["contents"]["value"].as_str().map(str::to_owned)
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn send(&self, message: Value) {
        let body = message.to_string();
        let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        bytes.extend_from_slice(body.as_bytes());
        self.input.as_ref().expect("stdin is open").send(bytes).expect("the writer thread runs");
    }

    pub fn notify(&self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request without waiting; returns its id.
    pub fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Sends a request and returns the whole reply.
    #[track_caller]
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        self.reply_to(id)
    }

    /// Sends a request and returns its `result`, failing on an error reply.
    #[track_caller]
    pub fn result(&mut self, method: &str, params: Value) -> Value {
        let reply = self.request(method, params);
        assert!(reply.get("error").is_none(), "{method} failed: {reply}");
        reply["result"].clone()
    }

    #[track_caller]
    pub fn reply_to(&mut self, id: i64) -> Value {
        self.wait_for(&format!("the reply to request {id}"), |message| {
            message.get("id") == Some(&json!(id)) && message.get("method").is_none()
        })
    }

    /// The first message `wanted` accepts, among those kept or arriving within `TIMEOUT`.
    #[track_caller]
    pub fn wait_for(&mut self, what: &str, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.inbox.iter().position(&wanted) {
            return self.inbox.remove(index).expect("index is in range");
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(message) if wanted(&message) => return message,
                Ok(message) => {
                    // Requests from the server are always kept: the test may have to answer them.
                    if self.keep_notifications || message.get("id").is_some() {
                        self.inbox.push_back(message);
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => panic!("no {what} within {TIMEOUT:?}; stderr:\n{}", self.stderr()),
                Err(mpsc::RecvTimeoutError::Disconnected) => {
                    panic!("the server closed its output while waiting for {what}; stderr:\n{}", self.stderr())
                }
            }
        }
    }

    /// Every message that arrived so far and was not consumed.
    pub fn drain(&mut self) -> Vec<Value> {
        let mut messages: Vec<Value> = self.inbox.drain(..).collect();
        messages.extend(self.output.try_iter());
        messages
    }

    /// The diagnostics published for `uri` at `version`.
    #[track_caller]
    pub fn diagnostics(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let message = self.wait_for(&format!("diagnostics of {uri} version {version}"), |message| {
            message["method"] == "textDocument/publishDiagnostics"
                && message["params"]["uri"] == uri
                && message["params"]["version"] == version
        });
        message["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    pub fn open(&self, uri: &str, text: &str, version: i32) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": version, "text": text}}),
        );
    }

    pub fn change(&self, uri: &str, version: i32, changes: Value) {
        self.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}));
    }

    pub fn close(&self, uri: &str) {
        self.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    }

    /// The hover at a position (`null` when there is none); fails on an error reply.
    #[track_caller]
    pub fn hover(&mut self, uri: &str, line: u32, character: u32) -> Value {
        self.result("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}))
    }

    /// The server's view of a document (`null` when it is not open).
    #[track_caller]
    pub fn debug_document(&mut self, uri: &str) -> Value {
        self.result("pyexplain/debugDocument", json!({"uri": uri}))
    }

    pub fn stderr(&self) -> String {
        String::from_utf8_lossy(&self.stderr.lock().expect("stderr sink")).into_owned()
    }

    /// Waits for the process to end, closing stdin first when `close_input`.
    #[track_caller]
    pub fn wait_exit(&mut self, close_input: bool) -> ExitStatus {
        if close_input {
            self.input = None;
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().expect("the child can be waited for") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit within {TIMEOUT:?}; stderr:\n{}", self.stderr());
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// `shutdown`, `exit`, exit code 0, and nothing panicked on the way.
    #[track_caller]
    pub fn finish(mut self) {
        let reply = self.request("shutdown", Value::Null);
        assert_eq!(reply["result"], Value::Null, "{reply}");
        self.notify("exit", Value::Null);
        let status = self.wait_exit(false);
        assert_eq!(status.code(), Some(0), "stderr:\n{}", self.stderr());
        let stderr = self.stderr();
        assert!(!stderr.contains("panicked"), "something panicked:\n{stderr}");
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads the server's frames strictly: anything that is not `Content-Length: N` and a JSON body
/// becomes a string message, which no test expects.
fn read_frames(stdout: impl Read, messages: mpsc::Sender<Value>) {
    let mut reader = BufReader::new(stdout);
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
            let line = line.trim_end_matches("\r\n");
            if line.is_empty() {
                break;
            }
            match line.strip_prefix("Content-Length: ").and_then(|value| value.parse::<usize>().ok()) {
                Some(value) => length = Some(value),
                None => {
                    let _ = messages.send(Value::String(format!("a bad header line: {line:?}")));
                }
            }
        }
        let Some(length) = length else {
            let _ = messages.send(Value::String("a frame without Content-Length".into()));
            return;
        };
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let message = serde_json::from_slice(&body)
            .unwrap_or_else(|_| Value::String(format!("a body that is not JSON: {}", String::from_utf8_lossy(&body))));
        if messages.send(message).is_err() {
            return;
        }
    }
}

/// The LSP position (UTF-16 code units) of byte `offset`, with `\n`, `\r\n` and `\r` as line
/// breaks; written here afresh so the tests do not trust `convert`.
pub fn utf16_position(text: &str, offset: usize) -> (u32, u32) {
    let before = &text[..offset];
    let mut line = 0;
    let mut line_start = 0;
    let mut chars = before.char_indices().peekable();
    while let Some((index, ch)) = chars.next() {
        if ch == '\n' || (ch == '\r' && chars.peek().map(|(_, next)| *next) != Some('\n')) {
            line += 1;
            line_start = index + 1;
        }
    }
    (line, before[line_start..].encode_utf16().count() as u32)
}

pub fn range(start: (u32, u32), end: (u32, u32)) -> Value {
    json!({"start": {"line": start.0, "character": start.1}, "end": {"line": end.0, "character": end.1}})
}

/// The resident set size of process `pid` in KiB (`VmRSS` of `/proc/<pid>/status`).
pub fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/<pid>/status is readable (Linux)");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/<pid>/status")
}

/// A fresh empty directory under the system temp dir, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(label: &str) -> TempDir {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|time| time.subsec_nanos()).unwrap_or(0);
        let path =
            std::env::temp_dir().join(format!("pyexplain-{label}-{}-{}-{nanos}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed)));
        std::fs::create_dir_all(&path).expect("the temp dir is writable");
        TempDir(path.canonicalize().expect("the temp dir exists"))
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }

    /// `file://` URI of `relative` inside the directory (the paths used here need no escaping).
    pub fn uri(&self, relative: &str) -> String {
        let path = if relative.is_empty() { self.0.clone() } else { self.0.join(relative) };
        format!("file://{}", path.display())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
