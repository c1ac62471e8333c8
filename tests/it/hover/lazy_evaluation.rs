//! Lazy evaluation: generator functions and generator expressions run nothing until pulled.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn generator_function_runs_nothing_when_called() {
    // Calling `numbers()` only builds the generator.
    let actual = hover_notes(
        r#"
def $0numbers(limit):
    for n in range(limit):
        yield n
"#,
    );
    assert_snapshot!(actual, @r"
    **Generators and lazy evaluation**
    - Calling `numbers()` returns a generator and runs none of the body, argument checks included, until the first `next()`.
    ");
}

#[test]
fn raise_before_the_first_yield_fires_late() {
    // The argument check runs only at the first `next()`.
    let actual = hover_notes(
        r#"
def $0chunks(data, size):
    if size <= 0:
        raise ValueError("size must be positive")
    for start in range(0, len(data), size):
        yield data[start:start + size]
"#,
    );
    assert_snapshot!(actual, @r"
    **Generators and lazy evaluation**
    - Calling `chunks()` returns a generator and runs none of the body, argument checks included, until the first `next()`.
    - The `raise` on line 4 fires only when iteration starts, not at the call; validate in a plain function that returns the generator.
    ");
}

#[test]
fn async_generator_runs_under_async_for() {
    // `async def` with `yield` is an async generator.
    let actual = hover_notes(
        r#"
async def $0ticks():
    yield 1
"#,
    );
    assert_snapshot!(actual, @r"
    **Generators and lazy evaluation**
    - Calling `ticks()` returns an async generator and runs none of the body; `async for` or `anext()` runs it up to each `yield`.
    ");
}

#[test]
fn decorated_generator_function() {
    // The decorator receives the generator function, not its values.
    let actual = hover_notes(
        r#"
import functools

@functools.lru_cache
def $0squares(n):
    yield n * n
"#,
    );
    assert_snapshot!(actual, @r"
    **Generators and lazy evaluation**
    - Calling `squares()` returns a generator and runs none of the body, argument checks included, until the first `next()`.
    - `@functools.lru_cache` receives the generator function itself, not its values; what it returns replaces `squares`.
    ");
}

#[test]
fn generator_expression_evaluates_only_its_first_iterable() {
    // Hovered on the `for` of a generator expression.
    let actual = hover_notes(
        r#"
def total(rows):
    return sum(row.price $0for row in rows if row.price)
"#,
    );
    assert_snapshot!(actual, @r"
    **Generators and lazy evaluation**
    - Only `rows` is evaluated now; the rest runs one item at a time, as values are pulled.
    - It is single-pass: once exhausted, iterating it again yields nothing.
    ");
}

#[test]
fn list_comprehension_and_contextmanager_generator_are_not_lazy() {
    // Near misses: a list comprehension is eager; a `@contextmanager` generator is a context manager.
    let eager = hover_notes(
        r#"
def total(rows):
    return sum([row.price $0for row in rows])
"#,
    );
    assert!(!eager.contains("Generators and lazy evaluation"), "{eager}");
    check_no_hover(
        r#"
from contextlib import contextmanager

@contextmanager
def $0opened():
    yield 1
"#,
    );
}
