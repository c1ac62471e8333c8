//! The GIL: calls that start threads or processes (`threading.Thread`, the `concurrent.futures`
//! executors, `multiprocessing.Process` / `Pool`), and what each means for CPU- and I/O-bound work.

use tree_sitter::Node;

use crate::analysis::syntax;
use crate::analysis::Context;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Thread,
    ThreadPool,
    Process,
    ProcessPool,
}

const CLASSES: &[(&str, Kind)] = &[
    ("threading.Thread", Kind::Thread),
    ("concurrent.futures.ThreadPoolExecutor", Kind::ThreadPool),
    ("concurrent.futures.ProcessPoolExecutor", Kind::ProcessPool),
    ("multiprocessing.Process", Kind::Process),
    ("multiprocessing.Pool", Kind::ProcessPool),
];

const FREE_THREADED: &str = "Free-threaded builds (PEP 703; experimental in 3.13, supported but optional in 3.14) run threads without the GIL, unless `PYTHON_GIL=1`, `-X gil=1` or an extension not marked free-thread-safe turns it back on.";

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(call) = syntax::ancestor(anchor, &["call"]) else { return Vec::new() };
    let Some(callee) = call.child_by_field_name("function") else { return Vec::new() };
    match kind_of(context, callee) {
        Some(kind) => call_notes(context, call, kind),
        None => Vec::new(),
    }
}

fn kind_of(context: &Context, callee: Node) -> Option<Kind> {
    let qualified = context.resolve(callee)?;
    CLASSES.iter().find(|(name, _)| *name == qualified).map(|(_, kind)| *kind)
}

fn call_notes(context: &Context, call: Node, kind: Kind) -> Vec<String> {
    let target = syntax::keyword_argument(context.text, call, "target").map(|value| syntax::snippet(context.text, value, 40));
    let mut notes = Vec::new();
    match kind {
        Kind::Thread => {
            let what = match &target {
                Some(target) => format!("Runs `{target}` in a new thread of this process"),
                None => "Starts a new thread of this process".to_owned(),
            };
            notes.push(format!("{what}: on the default build it shares one GIL, so only one thread runs Python bytecode at a time."));
            notes.push("Suits I/O-bound work (network, files, `sleep`), which releases the GIL while waiting; pure-Python CPU-bound work gains nothing, use processes for it.".to_owned());
            notes.push(FREE_THREADED.to_owned());
        }
        Kind::ThreadPool => {
            notes.push(
                "A pool of threads in this process: on the default build they share one GIL and take turns running Python bytecode."
                    .to_owned(),
            );
            notes.push("Suits I/O-bound tasks, which release the GIL while waiting; for pure-Python CPU-bound tasks use `ProcessPoolExecutor` (or `InterpreterPoolExecutor`, 3.14+).".to_owned());
            notes.push(FREE_THREADED.to_owned());
        }
        Kind::Process | Kind::ProcessPool => {
            let what = match (kind, &target) {
                (Kind::Process, Some(target)) => format!("Runs `{target}` in a separate process"),
                (Kind::Process, None) => "Starts a separate process".to_owned(),
                _ => "A pool of worker processes, each".to_owned(),
            };
            notes.push(format!("{what} with its own interpreter and GIL, so CPU-bound Python code runs in parallel; arguments and results must be picklable."));
            notes.push("Start-up and pickling cost more than a thread: for I/O-bound work threads are usually enough.".to_owned());
            if guard_missing(context, call) {
                notes.push("Not under `if __name__ == \"__main__\":`: with the `spawn` (Windows, macOS) or `forkserver` (Linux from 3.14) start method, a worker re-importing this file as the main module reaches this call again and fails.".to_owned());
            } else {
                notes.push("Default start method: `spawn` on Windows and macOS, `fork` on Linux up to 3.13 and `forkserver` from 3.14; with `spawn` and `forkserver` each worker re-imports the main module.".to_owned());
            }
        }
    }
    notes
}

/// Whether the call runs at module level, outside any `if __name__ == "__main__":` block.
fn guard_missing(context: &Context, call: Node) -> bool {
    if syntax::enclosing_scope(call).is_some() {
        return false;
    }
    let mut current = call.parent();
    while let Some(node) = current {
        let guarded = node.kind() == "if_statement"
            && syntax::is_main_guard(context.text, node)
            && node.child_by_field_name("consequence").is_some_and(|block| syntax::contains(block, call));
        if guarded {
            return false;
        }
        current = node.parent();
    }
    true
}
