//! Tasks and concurrency in asyncio: the method tokens of `.run_in_executor(...)` and of
//! `.create_task(...)` on a task group or an event loop (the `asyncio` functions are `[anchors]`),
//! with how failures and cancellation travel for this call and the version that added it.

use tree_sitter::Node;

use crate::analysis::semantics::asyncio::{is_event_loop, is_task_group};
use crate::analysis::syntax::{self, keyword_argument, positional_arguments, snippet, text_of};
use crate::analysis::{Context, Occurrence};

const TOPIC: &str = "asyncio-tasks";

pub fn detect(context: &Context, out: &mut Vec<Occurrence>) {
    for call in context.nodes("call") {
        let Some(callee) = call.child_by_field_name("function").filter(|callee| callee.kind() == "attribute") else { continue };
        let (Some(receiver), Some(method)) = (callee.child_by_field_name("object"), callee.child_by_field_name("attribute")) else {
            continue;
        };
        let found = match text_of(context.text, method) {
            "run_in_executor" => true,
            "create_task" => is_task_group(context, receiver) || is_event_loop(context, receiver),
            _ => false,
        };
        if found {
            out.push(context.occurrence(TOPIC, method, Vec::new()));
        }
    }
}

pub fn notes(context: &Context, anchor: Node) -> Vec<String> {
    let Some(call) = syntax::ancestor(anchor, &["call"]) else { return Vec::new() };
    let Some(callee) = call.child_by_field_name("function") else { return Vec::new() };
    let name = match context.resolve(callee) {
        Some(qualified) if qualified.starts_with("asyncio.") => qualified["asyncio.".len()..].to_owned(),
        _ => {
            let receiver = callee.child_by_field_name("object");
            match (text_of(context.text, anchor), receiver) {
                ("create_task", Some(receiver)) if is_task_group(context, receiver) => "TaskGroup.create_task".to_owned(),
                ("create_task", Some(_)) => "loop.create_task".to_owned(),
                ("run_in_executor", _) => "run_in_executor".to_owned(),
                _ => return Vec::new(),
            }
        }
    };
    let first = |fallback: &str| {
        positional_arguments(call).first().map(|argument| snippet(context.text, *argument, 40)).unwrap_or_else(|| fallback.to_owned())
    };
    let kept = kept_in(context, call);
    let mut notes = Vec::new();
    match name.as_str() {
        "create_task" | "loop.create_task" | "ensure_future" => {
            let what = first("the coroutine");
            let version = match name.as_str() {
                "create_task" => " (3.7; it needs a running event loop)",
                "ensure_future" => " (`ensure_future`: 3.4.4; `create_task`, 3.7, says the same for a coroutine)",
                _ => "",
            };
            notes.push(format!("Schedules `{what}` as a task{version}: it starts when the current task next suspends, and runs concurrently with it."));
            match kept {
                Some(target) => notes.push(format!("The task is kept in `{target}`: the loop itself holds only a weak reference to it.")),
                None => notes.push("The loop holds only a weak reference to the task: keep one (a set plus `add_done_callback(tasks.discard)`, or a `TaskGroup`), or it can vanish before it finishes.".to_owned()),
            }
            notes.push("An exception in the task is stored in it and raised where it is awaited; if nobody does, it is only logged when the task is collected.".to_owned());
        }
        "TaskGroup.create_task" => {
            let what = first("the coroutine");
            notes.push(format!("Schedules `{what}` in the task group, which keeps it and waits for it when the `async with` block ends."));
            notes.push("If any task of the group fails, the group cancels the others and raises the errors together as an `ExceptionGroup` (catch it with `except*`).".to_owned());
            notes.push("`TaskGroup` was added in 3.11.".to_owned());
        }
        "TaskGroup" => {
            notes.push("The tasks created with its `create_task()` are awaited when the `async with` block ends.".to_owned());
            notes.push("The first failure cancels the other tasks and the block, and the errors are raised together as an `ExceptionGroup` (catch it with `except*`).".to_owned());
            notes.push("Added in 3.11.".to_owned());
        }
        "gather" => {
            let count = positional_arguments(call).len();
            let what = if count == 1 { "1 awaitable".to_owned() } else { format!("{count} awaitables") };
            notes.push(format!("Runs {what} concurrently and returns their results in argument order (since 3.4)."));
            let returns = keyword_argument(context.text, call, "return_exceptions").is_some_and(|value| value.kind() == "true");
            if returns {
                notes.push("With `return_exceptions=True`, an exception is returned in the result list in place of that result, and nothing is raised.".to_owned());
            } else {
                notes.push("The first exception propagates to the awaiting task, while the other awaitables keep running: they are not cancelled (only a `TaskGroup` does that).".to_owned());
            }
            notes.push("Cancelling the gather cancels every awaitable it still waits for.".to_owned());
        }
        "wait" => {
            notes.push("Waits for the tasks and returns two sets, `(done, pending)`; it raises nothing for failed tasks, whose exceptions stay in them until their results are read.".to_owned());
            notes.push("The pending tasks are not cancelled at a timeout. Since 3.11, bare coroutines are a `TypeError`: pass tasks.".to_owned());
        }
        "wait_for" => {
            let what = first("the awaitable");
            notes.push(format!("Waits for `{what}`; when the timeout elapses, it cancels it and raises `TimeoutError`."));
            notes.push("`asyncio.TimeoutError` is the builtin `TimeoutError` only from 3.11; since 3.12 a coroutine runs in the caller's task, not a new one.".to_owned());
        }
        "timeout" => {
            notes.push("An async context manager: when the delay elapses, the block is cancelled and the cancellation turns into `TimeoutError` at the end of the `async with`.".to_owned());
            notes.push("Added in 3.11; `reschedule()` moves the deadline.".to_owned());
        }
        "as_completed" => {
            notes.push("Gives the awaitables in the order they finish: each item must be awaited, and raises if that awaitable failed.".to_owned());
            notes.push("With a timeout, `TimeoutError` is raised when it elapses, and the rest is not cancelled. Since 3.13 it can also be iterated with `async for`.".to_owned());
        }
        "shield" => {
            let what = first("the awaitable");
            notes.push(format!("Protects `{what}` from cancellation: cancelling the task awaiting here still raises `CancelledError` at this `await`, while the inner work keeps running."));
            notes.push("Keep a reference to the inner task, or it can be collected; available since 3.4.".to_owned());
        }
        "to_thread" => {
            let what = first("the function");
            notes.push(format!("Runs `{what}` on a thread of the default executor, so the loop keeps running; it copies the current context variables into the thread."));
            notes.push("Cancelling the await does not stop the thread. Added in 3.9.".to_owned());
        }
        "run_in_executor" => {
            notes.push("Runs a blocking function in an executor (the default thread pool for `None`), so the loop keeps running.".to_owned());
            notes.push("It takes positional arguments only (use `functools.partial` for keywords) and, unlike `asyncio.to_thread` (3.9), does not copy the context variables; cancelling the await does not stop the thread.".to_owned());
        }
        "run" => {
            let what = first("the coroutine");
            notes.push(format!("Creates an event loop, runs `{what}` to completion, cancels the tasks still pending and closes the loop."));
            notes.push("It raises `RuntimeError` when an event loop already runs in this thread. Added in 3.7; `loop_factory=` in 3.12.".to_owned());
        }
        "Runner" => {
            notes.push("A context manager that keeps one event loop and context across several `run()` calls, and closes the loop at the end.".to_owned());
            notes.push("Added in 3.11.".to_owned());
        }
        _ => {}
    }
    notes
}

/// The name or attribute a task is kept in: the target of `NAME = call`, or the receiver of
/// `NAME.add(call)` / `NAME.append(call)`.
fn kept_in(context: &Context, call: Node) -> Option<String> {
    let parent = call.parent()?;
    match parent.kind() {
        "assignment" => parent.child_by_field_name("left").map(|left| snippet(context.text, left, 30)),
        "argument_list" => {
            let outer = parent.parent().filter(|outer| outer.kind() == "call")?;
            let callee = outer.child_by_field_name("function").filter(|callee| callee.kind() == "attribute")?;
            let method = callee.child_by_field_name("attribute")?;
            matches!(text_of(context.text, method), "add" | "append")
                .then(|| callee.child_by_field_name("object").map(|object| snippet(context.text, object, 30)))
                .flatten()
        }
        _ => None,
    }
}
