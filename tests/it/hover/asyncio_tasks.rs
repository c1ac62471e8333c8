//! Tasks and concurrency in asyncio: what each call schedules, how failures and cancellation
//! travel, and the version that added it.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn gather_keeps_the_others_running() {
    // Without `return_exceptions`, the first exception propagates and nothing is cancelled.
    let actual = hover_notes(
        r#"
import asyncio as aio

async def main(a, b):
    return await aio.$0gather(a(), b())
"#,
    );
    assert_snapshot!(actual, @r"
    **Tasks and concurrency in asyncio**
    - Runs 2 awaitables concurrently and returns their results in argument order (since 3.4).
    - The first exception propagates to the awaiting task, while the other awaitables keep running: they are not cancelled (only a `TaskGroup` does that).
    - Cancelling the gather cancels every awaitable it still waits for.
    ");
}

#[test]
fn gather_with_return_exceptions() {
    let actual = hover_notes(
        r#"
from asyncio import gather

async def main(a, b):
    return await $0gather(a(), b(), return_exceptions=True)
"#,
    );
    assert_snapshot!(actual, @r"
    **Tasks and concurrency in asyncio**
    - Runs 2 awaitables concurrently and returns their results in argument order (since 3.4).
    - With `return_exceptions=True`, an exception is returned in the result list in place of that result, and nothing is raised.
    - Cancelling the gather cancels every awaitable it still waits for.
    ");
}

#[test]
fn task_group_create_task() {
    // The `create_task` of a name bound by `async with asyncio.TaskGroup() as tg`.
    let actual = hover_notes(
        r#"
import asyncio

async def main(work):
    async with asyncio.TaskGroup() as tg:
        tg.$0create_task(work())
"#,
    );
    assert_snapshot!(actual, @r"
    **Tasks and concurrency in asyncio**
    - Schedules `work()` in the task group, which keeps it and waits for it when the `async with` block ends.
    - If any task of the group fails, the group cancels the others and raises the errors together as an `ExceptionGroup` (catch it with `except*`).
    - `TaskGroup` was added in 3.11.
    ");
}

#[test]
fn create_task_kept_in_a_set() {
    let actual = hover_notes(
        r#"
import asyncio

async def main(work, tasks):
    tasks.add(asyncio.$0create_task(work()))
"#,
    );
    assert_snapshot!(actual, @r"
    **Tasks and concurrency in asyncio**
    - Schedules `work()` as a task (3.7; it needs a running event loop): it starts when the current task next suspends, and runs concurrently with it.
    - The task is kept in `tasks`: the loop itself holds only a weak reference to it.
    - An exception in the task is stored in it and raised where it is awaited; if nobody does, it is only logged when the task is collected.
    ");
}

#[test]
fn to_thread_and_its_version() {
    let actual = hover_notes(
        r#"
import asyncio

async def main(read):
    return await asyncio.$0to_thread(read, "f.txt")
"#,
    );
    assert_snapshot!(actual, @r"
    **Tasks and concurrency in asyncio**
    - Runs `read` on a thread of the default executor, so the loop keeps running; it copies the current context variables into the thread.
    - Cancelling the await does not stop the thread. Added in 3.9.
    ");
}

#[test]
fn other_receivers_do_not_hover() {
    check_no_hover("async def main(nursery, work):\n    nursery.$0create_task(work())\n");
    check_no_hover("def gather(*a):\n    return a\n\n$0gather(1)\n");
}
