//! The GIL: threads share one interpreter lock, processes each have their own.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn thread_with_a_target() {
    // `threading.Thread(target=...)` names the target.
    let actual = hover_notes(
        r#"
import threading

worker = threading.$0Thread(target=download)
"#,
    );
    assert_snapshot!(actual, @r"
    **The GIL, threads and processes**
    - Runs `download` in a new thread of this process: on the default build it shares one GIL, so only one thread runs Python bytecode at a time.
    - Suits I/O-bound work (network, files, `sleep`), which releases the GIL while waiting; pure-Python CPU-bound work gains nothing, use processes for it.
    - Free-threaded builds (PEP 703; experimental in 3.13, supported but optional in 3.14) run threads without the GIL, unless `PYTHON_GIL=1`, `-X gil=1` or an extension not marked free-thread-safe turns it back on.
    ");
}

#[test]
fn thread_pool_through_a_from_import() {
    // `ThreadPoolExecutor` imported by name.
    let actual = hover_notes(
        r#"
from concurrent.futures import ThreadPoolExecutor

pool = $0ThreadPoolExecutor(max_workers=4)
"#,
    );
    assert_snapshot!(actual, @r"
    **The GIL, threads and processes**
    - A pool of threads in this process: on the default build they share one GIL and take turns running Python bytecode.
    - Suits I/O-bound tasks, which release the GIL while waiting; for pure-Python CPU-bound tasks use `ProcessPoolExecutor` (or `InterpreterPoolExecutor`, 3.14+).
    - Free-threaded builds (PEP 703; experimental in 3.13, supported but optional in 3.14) run threads without the GIL, unless `PYTHON_GIL=1`, `-X gil=1` or an extension not marked free-thread-safe turns it back on.
    ");
}

#[test]
fn process_at_module_level_without_a_main_guard() {
    // The alias case (`import multiprocessing as mp`), unguarded at module level.
    let actual = hover_notes(
        r#"
import multiprocessing as mp

job = mp.$0Process(target=crunch)
job.start()
"#,
    );
    assert_snapshot!(actual, @r#"
    **The GIL, threads and processes**
    - Runs `crunch` in a separate process with its own interpreter and GIL, so CPU-bound Python code runs in parallel; arguments and results must be picklable.
    - Start-up and pickling cost more than a thread: for I/O-bound work threads are usually enough.
    - Not under `if __name__ == "__main__":`: with the `spawn` (Windows, macOS) or `forkserver` (Linux from 3.14) start method, a worker re-importing this file as the main module reaches this call again and fails.
    "#);
}

#[test]
fn process_pool_under_the_main_guard() {
    // Inside `if __name__ == "__main__":`: the start-method note instead of the warning.
    let actual = hover_notes(
        r#"
from concurrent.futures import ProcessPoolExecutor

if __name__ == "__main__":
    with $0ProcessPoolExecutor() as pool:
        pool.map(crunch, range(10))
"#,
    );
    assert_snapshot!(actual, @r"
    **The GIL, threads and processes**
    - A pool of worker processes, each with its own interpreter and GIL, so CPU-bound Python code runs in parallel; arguments and results must be picklable.
    - Start-up and pickling cost more than a thread: for I/O-bound work threads are usually enough.
    - Default start method: `spawn` on Windows and macOS, `fork` on Linux up to 3.13 and `forkserver` from 3.14; with `spawn` and `forkserver` each worker re-imports the main module.
    ");
}

#[test]
fn a_local_thread_class_is_not_threading() {
    // Near miss: a class named `Thread` defined here.
    check_no_hover(
        r#"
class Thread:
    pass

worker = $0Thread()
"#,
    );
}
