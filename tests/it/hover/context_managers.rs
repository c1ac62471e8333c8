//! Context managers: what a `with` enters and binds, classes with `__enter__`/`__exit__`, and
//! `@contextmanager` generators.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn with_binds_what_enter_returns() {
    // One manager with `as`.
    let actual = hover_notes(
        r#"
def read(path):
    $0with open(path) as handle:
        return handle.read()
"#,
    );
    assert_snapshot!(actual, @r"
    **Context managers**
    - Enters `open(path)` and binds what `__enter__` returns to `handle`.
    - `__exit__` runs when the block ends, even when it raises.
    ");
}

#[test]
fn several_managers_exit_in_reverse_order() {
    // Two items, the second without `as`.
    let actual = hover_notes(
        r#"
def copy(lock, source):
    $0with open(source) as handle, lock:
        return handle.read()
"#,
    );
    assert_snapshot!(actual, @r"
    **Context managers**
    - Enters `open(source)` and binds what `__enter__` returns to `handle`.
    - Enters `lock`; the value of `__enter__` is not bound.
    - Entered left to right; `__exit__` runs in reverse order, even when the body raises.
    ");
}

#[test]
fn async_with_awaits_both_methods() {
    // `async with` uses `__aenter__`/`__aexit__`.
    let actual = hover_notes(
        r#"
async def fetch(session):
    async $0with session.get("/") as response:
        return await response.text()
"#,
    );
    assert_snapshot!(actual, @r#"
    **Context managers**
    - Enters `session.get("/")` and binds what `__aenter__` returns to `response`.
    - `__aexit__` runs when the block ends, even when it raises (both are awaited).
    "#);
}

#[test]
fn class_whose_exit_returns_true_suppresses_everything() {
    // `__exit__` always returns `True`.
    let actual = hover_notes(
        r#"
class $0Quiet:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        return True
"#,
    );
    assert_snapshot!(actual, @r"
    **Context managers**
    - Instances of `Quiet` work in `with`.
    - `__exit__` returns `True`: it suppresses every exception from the block, even `KeyboardInterrupt`.
    ");
}

#[test]
fn class_whose_exit_returns_nothing_lets_exceptions_propagate() {
    // `__exit__` returns `None`.
    let actual = hover_notes(
        r#"
class $0Timer:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.stopped = True
"#,
    );
    assert_snapshot!(actual, @r"
    **Context managers**
    - Instances of `Timer` work in `with`.
    - `__exit__` returns nothing truthy, so exceptions from the block propagate.
    ");
}

#[test]
fn class_whose_exit_suppresses_on_some_paths() {
    // `__exit__` returns a truthy value only for one exception type.
    let actual = hover_notes(
        r#"
class $0Ignore:
    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        return exc_type is KeyError
"#,
    );
    assert_snapshot!(actual, @r"
    **Context managers**
    - Instances of `Ignore` work in `with`.
    - `__exit__` can return a truthy value: on those paths it suppresses the block's exception.
    ");
}

#[test]
fn async_context_manager_class() {
    // `__aenter__`/`__aexit__`: usable in `async with`.
    let actual = hover_notes(
        r#"
class $0Connection:
    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        return None
"#,
    );
    assert_snapshot!(actual, @r"
    **Context managers**
    - Instances of `Connection` work in `async with`.
    - `__aexit__` returns nothing truthy, so exceptions from the block propagate.
    ");
}

#[test]
fn contextmanager_with_try_finally_cleans_up() {
    // The `yield` sits in `try`/`finally`.
    let actual = hover_notes(
        r#"
from contextlib import contextmanager

@$0contextmanager
def opened(path):
    handle = open(path)
    try:
        yield handle
    finally:
        handle.close()
"#,
    );
    assert_snapshot!(actual, @r"
    **Context managers**
    - `opened()` becomes a factory of context managers for `with`: the code before its single `yield` runs on entry, the rest on exit.
    - The `yield` sits in a `try` with `finally`, so the cleanup runs even when the block raises.
    ");
}

#[test]
fn contextmanager_without_finally_skips_cleanup_on_error() {
    // The alias case (`import contextlib as cl`) with no `try` around the `yield`.
    let actual = hover_notes(
        r#"
import contextlib as cl

@cl.$0contextmanager
def timer():
    start = 0
    yield
    print(start)
"#,
    );
    assert_snapshot!(actual, @r"
    **Context managers**
    - `timer()` becomes a factory of context managers for `with`: the code before its single `yield` runs on entry, the rest on exit.
    - An exception in the `with` block is raised at the `yield`: without `try`/`finally` around it, the cleanup after it is skipped.
    ");
}

#[test]
fn asynccontextmanager_is_for_async_with() {
    // `asynccontextmanager` makes a factory for `async with`.
    let actual = hover_notes(
        r#"
from contextlib import asynccontextmanager

@$0asynccontextmanager
async def session():
    try:
        yield 1
    finally:
        pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Context managers**
    - `session()` becomes a factory of context managers for `async with`: the code before its single `yield` runs on entry, the rest on exit.
    - The `yield` sits in a `try` with `finally`, so the cleanup runs even when the block raises.
    ");
}

#[test]
fn contextmanager_without_yield_fails_on_entry() {
    // No `yield` at all.
    let actual = hover_notes(
        r#"
from contextlib import contextmanager

@$0contextmanager
def nothing():
    return 1
"#,
    );
    assert_snapshot!(actual, @r"
    **Context managers**
    - `nothing()` becomes a factory of context managers for `with`: the code before its single `yield` runs on entry, the rest on exit.
    - It has no `yield`: entering the `with` block will fail.
    ");
}

#[test]
fn a_class_with_only_enter_is_not_a_context_manager() {
    // Near miss: `__enter__` without `__exit__`.
    check_no_hover(
        r#"
class $0Half:
    def __enter__(self):
        return self
"#,
    );
}
