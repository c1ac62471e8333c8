//! An in-process LSP client over `tokio::io::duplex`, driving the real service.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream, ReadHalf, WriteHalf};
use tower_lsp_server::Server;

pub struct Client {
    reader: BufReader<ReadHalf<DuplexStream>>,
    writer: WriteHalf<DuplexStream>,
    next_id: i64,
    /// Notifications and server requests that arrived while waiting for something else.
    pub inbox: VecDeque<Value>,
    /// Answers to server→client requests, by method.
    pub answers: Vec<(String, Value)>,
    pub shutdown: Arc<AtomicBool>,
    configuration: Value,
}

pub const URI: &str = "file:///project/module.py";

impl Client {
    /// Starts the server; `capabilities` and `options` go into `initialize`.
    pub async fn start(capabilities: Value, options: Value) -> (Client, Value) {
        Client::start_with(json!({"processId": null, "rootUri": null, "capabilities": capabilities, "initializationOptions": options}))
            .await
    }

    /// Starts the server with these `initialize` params (workspace folders, say).
    pub async fn start_with(params: Value) -> (Client, Value) {
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        let shutdown = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&shutdown);
        tokio::spawn(async move {
            let (service, socket) = pyexplain::lsp::service(flag);
            Server::new(server_read, server_write, socket).serve(service).await;
        });
        let (read, write) = tokio::io::split(client_side);
        let mut client = Client {
            reader: BufReader::new(read),
            writer: write,
            next_id: 1,
            inbox: VecDeque::new(),
            answers: Vec::new(),
            shutdown,
            configuration: json!([null]),
        };
        let result = client.request("initialize", params).await;
        client.notify("initialized", json!({})).await;
        (client, result)
    }

    pub async fn utf16() -> Client {
        Client::start(json!({}), Value::Null).await.0
    }

    pub async fn utf8() -> Client {
        Client::start(json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}), Value::Null).await.0
    }

    pub async fn send(&mut self, message: Value) {
        let body = message.to_string();
        let frame = format!("Content-Length: {}\r\n\r\n{}", body.len(), body);
        self.writer.write_all(frame.as_bytes()).await.expect("the server reads its input");
        self.writer.flush().await.expect("flush");
    }

    pub async fn send_raw(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).await.expect("the server reads its input");
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Sends a request and returns its `result` (panics on an error reply).
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let reply = self.request_reply(method, params).await;
        if let Some(error) = reply.get("error") {
            panic!("{method} failed: {error}");
        }
        reply.get("result").cloned().unwrap_or(Value::Null)
    }

    /// Sends a request and returns the whole reply (result or error).
    pub async fn request_reply(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        self.wait_for(|message| message.get("id") == Some(&json!(id)) && message.get("method").is_none()).await
    }

    /// Reads messages until one satisfies `wanted`, keeping the others in the inbox and
    /// answering server requests.
    pub async fn wait_for(&mut self, wanted: impl Fn(&Value) -> bool) -> Value {
        if let Some(index) = self.inbox.iter().position(&wanted) {
            return self.inbox.remove(index).expect("index is in range");
        }
        loop {
            let message = tokio::time::timeout(Duration::from_secs(20), self.read_message()).await.expect("the server answers within 20 s");
            if message.get("method").is_some() && message.get("id").is_some() {
                self.answer_server_request(&message).await;
            }
            if wanted(&message) {
                return message;
            }
            self.inbox.push_back(message);
        }
    }

    async fn answer_server_request(&mut self, message: &Value) {
        let method = message["method"].as_str().unwrap_or_default().to_owned();
        let result = match method.as_str() {
            "workspace/configuration" => self.configuration.clone(),
            "window/showDocument" => json!({"success": true}),
            _ => Value::Null,
        };
        self.answers.push((method, message["params"].clone()));
        let id = message["id"].clone();
        self.send(json!({"jsonrpc": "2.0", "id": id, "result": result})).await;
    }

    async fn read_message(&mut self) -> Value {
        let mut length = None;
        loop {
            let mut line = String::new();
            let read = self.reader.read_line(&mut line).await.expect("the server writes headers");
            assert!(read > 0, "the server closed its output");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse::<usize>().ok();
            }
        }
        let mut body = vec![0; length.expect("a Content-Length header")];
        self.reader.read_exact(&mut body).await.expect("the server writes the body");
        serde_json::from_slice(&body).expect("the server writes JSON")
    }

    pub async fn open(&mut self, text: &str) {
        self.open_uri(URI, text, 1).await;
    }

    pub async fn open_uri(&mut self, uri: &str, text: &str, version: i32) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "python", "version": version, "text": text}}),
        )
        .await;
    }

    pub async fn change(&mut self, version: i32, changes: Value) {
        self.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": changes})).await;
    }

    pub async fn hover(&mut self, line: u32, character: u32) -> Value {
        self.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}})).await
    }

    /// The hover's Markdown, or `None` for a null hover.
    pub async fn hover_text(&mut self, line: u32, character: u32) -> Option<String> {
        let hover = self.hover(line, character).await;
        hover.get("contents").and_then(|contents| contents.get("value")).and_then(Value::as_str).map(str::to_owned)
    }

    /// The hover's Markdown at a position of the document `uri`, or `None` for a null hover.
    pub async fn hover_text_in(&mut self, uri: &str, line: u32, character: u32) -> Option<String> {
        let hover = self
            .request("textDocument/hover", json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}))
            .await;
        hover.get("contents").and_then(|contents| contents.get("value")).and_then(Value::as_str).map(str::to_owned)
    }

    /// Waits for the diagnostics of `version` of the document `uri`.
    pub async fn diagnostics_of(&mut self, uri: &str, version: i32) -> Vec<Value> {
        let message = self
            .wait_for(|message| {
                message.get("method") == Some(&json!("textDocument/publishDiagnostics"))
                    && message["params"]["uri"] == json!(uri)
                    && message["params"]["version"] == json!(version)
            })
            .await;
        message["params"]["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// Waits for the diagnostics of `version` (publishes of older versions are skipped).
    pub async fn diagnostics(&mut self, version: i32) -> Vec<Value> {
        self.diagnostics_of(URI, version).await
    }

    /// The server's view of the document: `pyexplain/debugDocument`.
    pub async fn debug_document(&mut self) -> Value {
        self.request("pyexplain/debugDocument", json!({"uri": URI})).await
    }

    pub async fn shutdown_and_exit(mut self) -> bool {
        self.request("shutdown", Value::Null).await;
        self.notify("exit", Value::Null).await;
        self.shutdown.load(Ordering::SeqCst)
    }
}

impl Client {
    /// What the client answers to `workspace/configuration`.
    pub fn set_configuration(&mut self, value: Value) {
        self.configuration = value;
    }
}
