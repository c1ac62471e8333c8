//! Coroutines: what calling an `async def` returns, whether it suspends, and what an `await` runs.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn coroutine_that_never_suspends() {
    // No `await`, `async for` or `async with` in the body: it never yields to the loop.
    let actual = hover_notes(
        r#"
$0async def total(items):
    return sum(items)
"#,
    );
    assert_snapshot!(actual, @r"
    **Coroutines: `async def` and `await`**
    - Calling `total()` returns a coroutine: none of the body runs until it is awaited or scheduled as a task.
    - Its body has no `await`, `async for` or `async with`, so it never suspends: once started, it runs to the end without letting other tasks run.
    ");
}

#[test]
fn coroutine_that_suspends() {
    // Two `await`s: the first one is named by its line.
    let actual = hover_notes(
        r#"
import asyncio as aio

$0async def poll(client):
    await aio.sleep(1)
    return await client.get()
"#,
    );
    assert_snapshot!(actual, @r"
    **Coroutines: `async def` and `await`**
    - Calling `poll()` returns a coroutine: none of the body runs until it is awaited or scheduled as a task.
    - It can suspend at 2 places (the first on line 5), where the event loop runs other tasks until it resumes.
    ");
}

#[test]
fn async_generator() {
    // A `yield` makes it an async generator instead.
    let actual = hover_notes(
        r#"
$0async def ticks(count):
    for tick in range(count):
        yield tick
"#,
    );
    assert_snapshot!(actual, @r"
    **Coroutines: `async def` and `await`**
    - `ticks` has a `yield`, so it is an async generator function: calling `ticks()` returns an async generator to consume with `async for`, and runs none of the body until the first step.
    - In an async generator, `return` with a value and `yield from` are syntax errors.
    - Its body has no `await`, `async for` or `async with`: between its `yield`s it never lets the event loop run other tasks.
    ");
}

#[test]
fn await_of_a_coroutine_of_the_file() {
    // `fetch` is an `async def` of the file: its body runs in this coroutine; it never suspends.
    let actual = hover_notes(
        r#"
async def fetch(url):
    return url

async def main():
    page = $0await fetch("x")
"#,
    );
    assert_snapshot!(actual, @r#"
    **Coroutines: `async def` and `await`**
    - Awaits `fetch("x")`: `fetch` is the `async def` on line 2, so its body runs inside this coroutine, in the same task, and its exceptions propagate here.
    - `fetch` never suspends (no `await`, `async for` or `async with`), so this `await` does not let other tasks run.
    "#);
}

#[test]
fn await_of_a_method_through_self() {
    // `self.load()` resolves to the class's own `async def load`.
    let actual = hover_notes(
        r#"
import asyncio

class Store:
    async def load(self):
        await asyncio.sleep(0)

    async def refresh(self):
        $0await self.load()
"#,
    );
    assert_snapshot!(actual, @r"
    **Coroutines: `async def` and `await`**
    - Awaits `self.load()`: `load` is the `async def` on line 5, so its body runs inside this coroutine, in the same task, and its exceptions propagate here.
    ");
}

#[test]
fn await_of_something_else() {
    // An awaitable from elsewhere: the note names it.
    let actual = hover_notes(
        r#"
async def main(task):
    $0await task
"#,
    );
    assert_snapshot!(actual, @r"
    **Coroutines: `async def` and `await`**
    - Awaits `task`: this coroutine waits here for its result, and while it waits the event loop runs other tasks.
    ");
}

#[test]
fn await_in_a_lambda_is_a_syntax_error() {
    let actual = hover_notes(
        r#"
async def main(task):
    later = lambda: $0await task
"#,
    );
    assert_snapshot!(actual, @r"
    **Coroutines: `async def` and `await`**
    - `await` outside an `async def` is a `SyntaxError`; only `python -m asyncio` accepts it at the top level.
    ");
}

#[test]
fn plain_def_and_the_word_await() {
    check_no_hover("$0def main():\n    return 1\n");
    check_no_hover("text = '$0await x'\n");
}
