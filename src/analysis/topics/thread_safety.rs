//! Thread safety: the `threading` synchronization primitives and the `queue` classes, created by
//! a call, with which primitive each is and what it is typically used for.

use tree_sitter::Node;

use crate::analysis::syntax::{self, snippet};
use crate::analysis::Context;

const CLASSES: &[&str] = &[
    "threading.Lock",
    "threading.RLock",
    "threading.Condition",
    "threading.Semaphore",
    "threading.BoundedSemaphore",
    "threading.Event",
    "threading.Barrier",
    "queue.Queue",
    "queue.LifoQueue",
    "queue.PriorityQueue",
    "queue.SimpleQueue",
];

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(call) = syntax::ancestor(anchor, &["call"]) else { return Vec::new() };
    let Some(callee) = call.child_by_field_name("function") else { return Vec::new() };
    match primitive(context, callee) {
        Some(qualified) => call_notes(context, call, &qualified),
        None => Vec::new(),
    }
}

fn primitive(context: &Context, callee: Node) -> Option<String> {
    context.resolve(callee).filter(|qualified| CLASSES.contains(&qualified.as_str()))
}

fn call_notes(context: &Context, call: Node, qualified: &str) -> Vec<String> {
    let arguments = syntax::positional_arguments(call);
    let first = |keyword: &str| {
        syntax::keyword_argument(context.text, call, keyword)
            .or_else(|| arguments.first().copied())
            .map(|value| snippet(context.text, value, 30))
    };
    let mut notes = Vec::new();
    match qualified {
        "threading.Lock" => {
            notes.push("A mutual-exclusion lock: one thread at a time runs the code it guards; use it as `with lock:` so it is released even when the body raises.".to_owned());
            notes.push(
                "Not reentrant: the holder acquiring it again deadlocks (use `RLock` for that); any thread may release it.".to_owned(),
            );
        }
        "threading.RLock" => {
            notes.push(
                "A reentrant lock: the thread holding it may acquire it again, as when a locked method calls another locked method."
                    .to_owned(),
            );
            notes.push("Only the owner may release it, once per acquisition; `with rlock:` pairs them for you.".to_owned());
        }
        "threading.Condition" => {
            notes.push("A condition variable: threads `wait()` until another thread changes shared state and calls `notify()` or `notify_all()`, all while holding its lock.".to_owned());
            notes.push("Re-check the predicate in a `while` loop or use `wait_for(predicate)`: the state may have changed again by the time `wait()` returns.".to_owned());
        }
        "threading.Semaphore" | "threading.BoundedSemaphore" => {
            let value = first("value").unwrap_or_else(|| "1".to_owned());
            notes.push(format!("A counting semaphore with initial value `{value}`: at most that many threads hold it at once, for example to limit concurrent connections."));
            if qualified == "threading.BoundedSemaphore" {
                notes.push("Bounded: releasing it more often than it was acquired raises ValueError, which catches bugs.".to_owned());
            } else {
                notes.push("Extra `release()` calls silently raise the limit; `BoundedSemaphore` raises ValueError instead.".to_owned());
            }
        }
        "threading.Event" => {
            notes.push("A flag threads can wait on: `set()` wakes every thread blocked in `wait()`, `clear()` resets it; typical for start and stop signals.".to_owned());
            notes.push("Not a context manager: `with` on an event raises TypeError (AttributeError on 3.9 and 3.10).".to_owned());
        }
        "threading.Barrier" => {
            let parties = first("parties").unwrap_or_else(|| "N".to_owned());
            notes.push(format!(
                "A barrier for `{parties}` threads: each `wait()` blocks until all of them have arrived, then they go on together."
            ));
            notes.push("Typical for phases of parallel work; `abort()` or a timeout breaks it with `BrokenBarrierError`; it is not a context manager, so call `wait()` itself.".to_owned());
        }
        "queue.SimpleQueue" => {
            notes.push("An unbounded FIFO queue for handing work between threads (3.7+): `put()` never blocks, `get()` blocks until an item arrives.".to_owned());
            notes.push("It has no `task_done()`/`join()` and no size limit; its `put()` is reentrant, so it is safe to call from `__del__` methods and weakref callbacks.".to_owned());
        }
        _ => {
            let kind = match qualified {
                "queue.LifoQueue" => "A thread-safe LIFO queue (a stack): `get()` returns the most recently added item",
                "queue.PriorityQueue" => {
                    "A thread-safe priority queue: `get()` returns the lowest item first, typically a `(priority, item)` tuple"
                }
                _ => "A thread-safe FIFO queue, the usual way to hand work from producer threads to consumer threads",
            };
            notes.push(format!("{kind}; each item goes to exactly one consumer."));
            let maxsize = syntax::keyword_argument(context.text, call, "maxsize").or_else(|| arguments.first().copied());
            let bounded = |size: &str| {
                format!("Bounded to `{size}` items: `put()` blocks while it is full, which slows producers down instead of using unbounded memory.")
            };
            // `queue.Queue` treats a `maxsize` of 0 or less as no limit at all.
            match maxsize.map(|value| (snippet(context.text, value, 30), integer_value(context.text, value))) {
                Some((size, Some(count))) if count > 0 => notes.push(bounded(&size)),
                Some((size, None)) => notes.push(format!("Bounded to `{size}` items if that is positive (0 or less means unbounded): `put()` blocks while it is full.")),
                Some((_, Some(_))) => notes.push("Unbounded (a `maxsize` of 0 or less sets no limit): `put()` never blocks; `get()` blocks until an item arrives, and `task_done()`/`join()` track finished work.".to_owned()),
                None => notes.push("Unbounded: `put()` never blocks; `get()` blocks until an item arrives, and `task_done()`/`join()` track finished work.".to_owned()),
            }
        }
    }
    notes
}

/// The value of an integer literal, signed or not (`10`, `-1`, `0x_ff`); `None` for anything else.
fn integer_value(text: &str, node: Node) -> Option<i128> {
    match node.kind() {
        "integer" => {
            let digits = syntax::text_of(text, node).replace('_', "").to_ascii_lowercase();
            match digits.get(..2) {
                Some("0x") => i128::from_str_radix(digits.get(2..)?, 16).ok(),
                Some("0o") => i128::from_str_radix(digits.get(2..)?, 8).ok(),
                Some("0b") => i128::from_str_radix(digits.get(2..)?, 2).ok(),
                _ => digits.parse().ok(),
            }
        }
        "unary_operator" => {
            let operand = node.child_by_field_name("argument")?;
            let value = integer_value(text, operand)?;
            match node.child_by_field_name("operator").map(|operator| syntax::text_of(text, operator)) {
                Some("-") => Some(-value),
                Some("+") => Some(value),
                _ => None,
            }
        }
        "parenthesized_expression" => integer_value(text, node.named_child(0)?),
        _ => None,
    }
}
