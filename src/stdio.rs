//! The process's stdin and stdout for the server: one plain thread each, doing blocking reads
//! and writes, handed to the async side through in-memory pipes.
//!
//! `tokio::io::stdin()`/`stdout()` run every read and write as a task on tokio's blocking pool;
//! a hover round trip then pays for a pool hand-off on each side. Threads that simply block in
//! `read(2)` and `write(2)` answer sooner (BENCHMARKS.md has the numbers).

use std::io::{Read, Write};
use std::thread::JoinHandle;

use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream};
use tokio::runtime::Handle;

/// Bytes buffered in each pipe.
const PIPE_CAPACITY: usize = 1 << 16;

/// The ends the server uses, and the thread that writes stdout (join it before exiting, so the
/// last replies are not lost).
pub struct Stdio {
    pub input: DuplexStream,
    pub output: DuplexStream,
    pub writer: JoinHandle<()>,
}

/// Starts the two threads. The input pipe ends when stdin does; the writer thread ends when the
/// server drops `output` and everything written to it is out.
pub fn start(runtime: Handle) -> std::io::Result<Stdio> {
    let (input, mut from_stdin) = tokio::io::duplex(PIPE_CAPACITY);
    let (output, mut to_stdout) = tokio::io::duplex(PIPE_CAPACITY);
    let reading = runtime.clone();
    std::thread::Builder::new().name("stdin".into()).spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut buffer = vec![0; PIPE_CAPACITY];
        loop {
            let read = match stdin.read(&mut buffer) {
                Ok(0) => break,
                Ok(read) => read,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    tracing::error!(%error, "reading stdin failed; ending the session");
                    break;
                }
            };
            if reading.block_on(from_stdin.write_all(&buffer[..read])).is_err() {
                break;
            }
        }
        // Dropping `from_stdin` is the end of the input for the server.
    })?;
    let writer = std::thread::Builder::new().name("stdout".into()).spawn(move || {
        let mut stdout = std::io::stdout().lock();
        let mut buffer = vec![0; PIPE_CAPACITY];
        loop {
            let read = match runtime.block_on(to_stdout.read(&mut buffer)) {
                Ok(0) | Err(_) => break,
                Ok(read) => read,
            };
            if stdout.write_all(&buffer[..read]).and_then(|_| stdout.flush()).is_err() {
                // The editor closed our output: nothing more can reach it.
                break;
            }
        }
    })?;
    Ok(Stdio { input, output, writer })
}
