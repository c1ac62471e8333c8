//! Arguments only: no arguments or `serve` run the language server over stdio; the rest is
//! cli.rs, pack.rs (`check-knowledge`) and report.rs (`report`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::{Parser, Subcommand};

use pyexplain::cli::{self, FailOn, ScanFormat};
use pyexplain::report::ReportFormat;

#[derive(Parser)]
#[command(name = "pyexplain", version, about = "Explains advanced Python constructs: a language server and a scanner")]
struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Accepted and ignored: editors append it; stdio is the only transport.
    #[arg(long, global = true, hide = true)]
    stdio: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Speak LSP over stdio (the default).
    Serve,
    /// Report the constructs and pitfalls in files or directories.
    Scan {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// text, json, github (workflow annotations) or sarif (SARIF 2.1.0).
        #[arg(long, value_enum, default_value = "text")]
        format: ScanFormat,
        /// Exit with 1 when a pitfall at or above this severity is reported.
        #[arg(long, value_enum, value_name = "LEVEL")]
        fail_on: Option<FailOn>,
    },
    /// Print the knowledge entry of a topic or pitfall id.
    Explain {
        id: String,
        /// Print the entry's Markdown as it is.
        #[arg(long, value_parser = ["text", "md"], default_value = "text")]
        format: String,
    },
    /// List the topic ids and titles.
    Topics,
    /// Print the topic and pitfall reference of the built-in knowledge (docs/reference.md).
    Reference,
    /// Validate a knowledge pack (DIR/<topic-id>/topic.md, anchors.scm, <pitfall-id>.md):
    /// exit 0 valid, 1 invalid, 2 when it cannot be read.
    CheckKnowledge { dir: PathBuf },
    /// Write an onboarding report: the advanced constructs a repository uses, where, and what they are.
    Report {
        path: PathBuf,
        /// The file to write (`-` or none: stdout); links to the code are relative to it.
        #[arg(long)]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "html")]
        format: ReportFormat,
    },
    /// Build the workspace index of a folder as the server does and print its size, time and
    /// memory (BENCHMARKS.md).
    #[command(hide = true)]
    BenchIndex { dir: PathBuf },
}

fn main() {
    let args = Args::parse();
    let code = match args.command {
        None | Some(Command::Serve) => serve(),
        Some(Command::Scan { paths, format, fail_on }) => cli::scan(&paths, format, fail_on),
        Some(Command::Explain { id, format }) => cli::explain(&id, format == "md"),
        Some(Command::Topics) => cli::topics(),
        Some(Command::Reference) => cli::reference(),
        Some(Command::CheckKnowledge { dir }) => pyexplain::pack::check_knowledge(&dir),
        Some(Command::Report { path, out, format }) => pyexplain::report::report(&path, out.as_deref(), format),
        Some(Command::BenchIndex { dir }) => cli::bench_index(&dir),
    };
    std::process::exit(code);
}

fn serve() -> i32 {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("PYEXPLAIN_LOG").unwrap_or_else(|_| "warn".into()))
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("pyexplain: cannot start the async runtime: {error}");
            return 2;
        }
    };
    let shutdown = Arc::new(AtomicBool::new(false));
    let (service, socket) = pyexplain::lsp::service(Arc::clone(&shutdown));
    if let Err(error) = pyexplain::lsp::transport::serve_stdio(&runtime, service, socket) {
        eprintln!("pyexplain: cannot start the stdio threads: {error}");
        return 2;
    }
    // The stdin thread may still be blocked in a read (an editor may keep stdin open after
    // `exit`): it is not waited for, and neither are the runtime's tasks.
    runtime.shutdown_background();
    // The spec: exit code 0 after `shutdown` then `exit`, 1 when `exit` came without `shutdown`.
    if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    }
}
