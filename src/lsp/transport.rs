//! The stdio transport in front of tower-lsp-server: frames are read and checked here, so a
//! malformed message gets an error reply and the messages after it are served.
//!
//! tower-lsp-server's own codec answers the first malformed frame and then ends the session (its
//! `FramedRead` stops after a decode error), and it answers no unknown `$/` request at all. Here the
//! service only ever sees well-formed messages, and whole frames reach the output one at a time.

use serde::de::IgnoredAny;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, DuplexStream};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::{self, Id};
use tower_lsp_server::{ClientSocket, LspService};

use crate::lsp::server::Server;

/// Serves `service` over the process's stdin and stdout until `exit` or the end of the input.
///
/// The frame reader and the frame writer each run on a thread of their own, blocked in `read(2)`
/// or `write(2)`: `tokio::io::stdin()`/`stdout()` would hand every read and write to tokio's
/// blocking pool, and a task in between would add a hop each way; a hover round trip pays for
/// each (BENCHMARKS.md). The stdin thread is not waited for: an editor may keep stdin open after
/// `exit`, and a blocked read cannot be cancelled.
pub fn serve_stdio(runtime: &tokio::runtime::Runtime, service: LspService<Server>, socket: ClientSocket) -> std::io::Result<()> {
    let (to_service, service_input) = tokio::io::duplex(PIPE_CAPACITY);
    let (service_output, from_service) = tokio::io::duplex(PIPE_CAPACITY);
    let (replies, pending_replies) = mpsc::unbounded_channel();
    let reading = runtime.handle().clone();
    std::thread::Builder::new()
        .name("stdin".into())
        .spawn(move || reading.block_on(read_messages(Blocking(std::io::stdin()), to_service, replies)))?;
    let writing = runtime.handle().clone();
    let writer = std::thread::Builder::new()
        .name("stdout".into())
        .spawn(move || writing.block_on(write_messages(from_service, pending_replies, Blocking(std::io::stdout()))))?;
    runtime.block_on(tower_lsp_server::Server::new(service_input, service_output, socket).serve(service));
    // `serve` dropped its output: the writer sends what is left, then ends.
    let _ = writer.join();
    Ok(())
}

/// Blocking I/O seen as async, for a thread that does nothing else: each poll blocks in the
/// system call and is always ready.
struct Blocking<T>(T);

impl<T: std::io::Read + Unpin> AsyncRead for Blocking<T> {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        let read = loop {
            match self.0.read(buf.initialize_unfilled()) {
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                result => break result,
            }
        };
        std::task::Poll::Ready(read.map(|count| buf.advance(count)))
    }
}

impl<T: std::io::Write + Unpin> AsyncWrite for Blocking<T> {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::task::Poll::Ready(self.0.write(buf))
    }

    fn poll_flush(mut self: std::pin::Pin<&mut Self>, _: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        std::task::Poll::Ready(self.0.flush())
    }

    fn poll_shutdown(self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<std::io::Result<()>> {
        self.poll_flush(cx)
    }
}

/// The most one read of the input takes at once.
const READ_CHUNK: usize = 1 << 16;

/// Bytes buffered between the transport and the service; larger messages stream through.
const PIPE_CAPACITY: usize = 1 << 16;

/// How every header line starts (`Content-Length`, `Content-Type`): where the reader picks up
/// again after garbage.
const HEADER: &[u8] = b"Content-";

/// Longest header block accepted; a longer one has lost its blank line.
const MAX_HEADER: usize = 1024;

/// What the next bytes of the input hold.
enum Frame {
    /// A well-formed message, re-encoded for the service.
    Message(Vec<u8>),
    /// A malformed one, consumed: the error reply to send back.
    Malformed(Vec<u8>),
    /// Not enough bytes yet.
    Incomplete,
}

/// Splits the input into frames, skipping past malformed ones.
#[derive(Default)]
struct Decoder {
    /// The declared body length, once a header block has been read.
    body_length: Option<usize>,
    /// How much of the partial body was searched for a header that betrays a wrong length.
    searched: usize,
}

impl Decoder {
    fn next(&mut self, buffer: &mut Vec<u8>) -> Frame {
        let Some(length) = self.body_length else { return self.header(buffer) };
        if buffer.len() >= length {
            self.body_length = None;
            return match check(&buffer[..length]) {
                Ok(message) => {
                    buffer.drain(..length);
                    Frame::Message(message)
                }
                Err(reply) => {
                    // A body that runs into the next message's header was declared too long:
                    // resume at that header rather than losing that message too.
                    let resume = overrun(buffer).filter(|at| *at < length).unwrap_or(length);
                    buffer.drain(..resume);
                    Frame::Malformed(reply)
                }
            };
        }
        // Waiting for more of the body. If a complete JSON value is already followed by a header,
        // the body can never parse, and the client may be waiting for an answer to that next
        // message: answer the lie now. Only new bytes are searched, so a large body stays linear.
        let from = self.searched.saturating_sub(HEADER.len());
        self.searched = buffer.len();
        if find(&buffer[from..], HEADER).is_some() {
            if let Some(resume) = overrun(buffer) {
                tracing::warn!(declared = length, actual = resume, "Content-Length is larger than the message");
                self.body_length = None;
                buffer.drain(..resume);
                return Frame::Malformed(error_reply(jsonrpc::Error::parse_error()));
            }
        }
        Frame::Incomplete
    }

    fn header(&mut self, buffer: &mut Vec<u8>) -> Frame {
        // Bytes before a header are left over from a malformed message (or were never one).
        match find(buffer, HEADER) {
            Some(0) => {}
            Some(start) => {
                tracing::warn!(bytes = start, "skipping bytes that are not a message");
                buffer.drain(..start);
            }
            None => {
                let keep = HEADER.len() - 1;
                if buffer.len() > keep {
                    tracing::warn!(bytes = buffer.len() - keep, "skipping bytes that are not a message");
                    buffer.drain(..buffer.len() - keep);
                }
                return Frame::Incomplete;
            }
        }
        let limit = buffer.len().min(MAX_HEADER);
        let (block_end, complete) = match find(&buffer[..limit], b"\r\n\r\n") {
            Some(end) => (end, true),
            None if buffer.len() < MAX_HEADER => return Frame::Incomplete,
            None => (limit, false),
        };
        let resume = match headers(&buffer[..block_end]) {
            Headers::Length(length) if complete => {
                buffer.drain(..block_end + 4);
                self.body_length = Some(length);
                self.searched = 0;
                return self.next(buffer);
            }
            // The blank line went missing and the block ran into what follows: resume at the
            // next header after the line that is not one.
            Headers::NotHeader(line) => {
                let from = line.clamp(1, block_end);
                find(&buffer[from..block_end], HEADER).map_or(block_end, |at| from + at)
            }
            Headers::Length(_) | Headers::NoLength => block_end,
        };
        // The body's length is unknown: what follows up to the next header is skipped as garbage.
        let header = String::from_utf8_lossy(&buffer[..resume.min(80)]).into_owned();
        tracing::warn!(%header, "a header block without a usable Content-Length");
        buffer.drain(..resume);
        Frame::Malformed(error_reply(jsonrpc::Error::parse_error()))
    }
}

/// What a header block (without its blank line) says.
enum Headers {
    Length(usize),
    /// Header lines, but no `Content-Length` that is a number.
    NoLength,
    /// The line at this offset is not a header.
    NotHeader(usize),
}

fn headers(block: &[u8]) -> Headers {
    let mut length = None;
    let mut unusable = false;
    let mut start = 0;
    loop {
        let end = find(&block[start..], b"\r\n").map_or(block.len(), |at| start + at);
        let Some((name, value)) = header_line(&block[start..end]) else { return Headers::NotHeader(start) };
        if name == "Content-Length" {
            match value.trim().parse() {
                Ok(parsed) => length = Some(parsed),
                Err(_) => unusable = true,
            }
        }
        if end == block.len() {
            break;
        }
        start = end + 2;
    }
    match length {
        Some(length) if !unusable => Headers::Length(length),
        _ => Headers::NoLength,
    }
}

/// The name and value of a `Name: value` line.
fn header_line(line: &[u8]) -> Option<(&str, &str)> {
    let (name, value) = std::str::from_utf8(line).ok()?.split_once(':')?;
    let is_name = !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
    is_name.then_some((name, value))
}

/// The message re-encoded as the service's codec reads it, or the error reply: -32700 for a body
/// that is not JSON, -32600 for JSON that is not a JSON-RPC message, -32601 for a `$/` request
/// (the service would drop it unanswered, while the spec asks for an error).
fn check(body: &[u8]) -> Result<Vec<u8>, Vec<u8>> {
    let encoded = if let Ok(response) = serde_json::from_slice::<jsonrpc::Response>(body) {
        serde_json::to_vec(&response)
    } else if let Ok(request) = serde_json::from_slice::<jsonrpc::Request>(body) {
        if let (Some(id), true) = (request.id(), request.method().starts_with("$/")) {
            let mut error = jsonrpc::Error::method_not_found();
            error.data = Some(request.method().into());
            return Err(encode_reply(id.clone(), error));
        }
        serde_json::to_vec(&request)
    } else if std::str::from_utf8(body).is_ok() && serde_json::from_slice::<IgnoredAny>(body).is_ok() {
        tracing::warn!("a JSON body that is not a JSON-RPC message");
        return Err(error_reply(jsonrpc::Error::invalid_request()));
    } else {
        tracing::warn!(bytes = body.len(), "a body that is not JSON");
        return Err(error_reply(jsonrpc::Error::parse_error()));
    };
    encoded.map_err(|_| error_reply(jsonrpc::Error::internal_error()))
}

/// Where the next header starts when `body` holds nothing or one complete JSON value before it:
/// the sign of a `Content-Length` larger than the message. A body that is JSON never holds a
/// header there.
fn overrun(body: &[u8]) -> Option<usize> {
    let header_after = |end: usize| {
        let blank = body[end..].iter().take_while(|byte| byte.is_ascii_whitespace()).count();
        body[end + blank..].starts_with(HEADER).then_some(end + blank)
    };
    if let Some(start) = header_after(0) {
        return Some(start);
    }
    let mut values = serde_json::Deserializer::from_slice(body).into_iter::<IgnoredAny>();
    values.next()?.ok()?;
    header_after(values.byte_offset())
}

fn error_reply(error: jsonrpc::Error) -> Vec<u8> {
    encode_reply(Id::Null, error)
}

fn encode_reply(id: Id, error: jsonrpc::Error) -> Vec<u8> {
    let response = jsonrpc::Response::from_error(id, error);
    serde_json::to_vec(&response).unwrap_or_default()
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut bytes = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

async fn read_messages<I: AsyncRead + Unpin>(mut input: I, mut to_service: DuplexStream, replies: mpsc::UnboundedSender<Vec<u8>>) {
    let mut buffer = Vec::new();
    let mut decoder = Decoder::default();
    loop {
        loop {
            match decoder.next(&mut buffer) {
                Frame::Message(body) => {
                    if to_service.write_all(&frame(&body)).await.is_err() {
                        return;
                    }
                }
                Frame::Malformed(reply) => {
                    let _ = replies.send(reply);
                }
                Frame::Incomplete => break,
            }
        }
        // Room for a large read: `read_buf` on a full Vec would read 64 bytes at a time.
        buffer.reserve(READ_CHUNK);
        match input.read_buf(&mut buffer).await {
            Ok(0) => return,
            Ok(_) => {}
            Err(error) => {
                tracing::error!(%error, "reading the input failed");
                return;
            }
        }
    }
}

async fn write_messages<O: AsyncWrite + Unpin>(
    mut from_service: DuplexStream,
    mut replies: mpsc::UnboundedReceiver<Vec<u8>>,
    mut output: O,
) {
    let mut pending = Vec::new();
    let mut replies_open = true;
    loop {
        // Invariant: only whole frames are written, so a reply never lands inside another message.
        while let Some(length) = frame_length(&pending) {
            if output.write_all(&pending[..length]).await.is_err() {
                return;
            }
            pending.drain(..length);
        }
        if output.flush().await.is_err() {
            return;
        }
        // Both branches are cancel-safe: `read_buf` reads nothing when the other one wins.
        tokio::select! {
            read = from_service.read_buf(&mut pending) => match read {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            },
            reply = replies.recv(), if replies_open => match reply {
                Some(body) => {
                    if output.write_all(&frame(&body)).await.is_err() {
                        return;
                    }
                }
                None => replies_open = false,
            },
        }
    }
}

/// The length of the service's first frame in `pending`, once all of it is there.
fn frame_length(pending: &[u8]) -> Option<usize> {
    let end = find(pending, b"\r\n\r\n")?;
    let Headers::Length(length) = headers(&pending[..end]) else { return None };
    (pending.len() >= end + 4 + length).then_some(end + 4 + length)
}
