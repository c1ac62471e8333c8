//! The iteration protocol: iterator or iterable, single-pass or not, and the async pair.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn iter_returning_self_with_next_is_a_single_pass_iterator() {
    // `__iter__` returns `self` and `__next__` produces the values.
    let actual = hover_notes(
        r#"
class Countdown:
    def __init__(self, start):
        self.current = start

    def $0__iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current
"#,
    );
    assert_snapshot!(actual, @r"
    **The iteration protocol**
    - `Countdown` is an iterator: `__iter__` returns `self` and `__next__` produces the values, so an instance is single-pass: a second loop gets nothing.
    ");
}

#[test]
fn generator_iter_makes_a_reusable_iterable() {
    // A generator `__iter__` gives each loop a fresh iterator.
    let actual = hover_notes(
        r#"
class Deck:
    def $0__iter__(self):
        yield from self.cards
"#,
    );
    assert_snapshot!(actual, @r"
    **The iteration protocol**
    - `Deck` is an iterable: `__iter__` is a generator function, so each `for` loop gets a fresh iterator and an instance can be looped over again.
    Also: Generators and lazy evaluation (`lazy-evaluation`)
    ");
}

#[test]
fn iter_returning_another_iterator() {
    // `__iter__` returns a new iterator over the items.
    let actual = hover_notes(
        r#"
class Bag:
    def $0__iter__(self):
        return iter(self.items)
"#,
    );
    assert_snapshot!(actual, @r"
    **The iteration protocol**
    - `Bag` is an iterable: `__iter__` returns `iter(self.items)`, so each `for` loop can start a new iteration.
    ");
}

#[test]
fn next_without_iter_works_with_next_but_not_for() {
    // Hovered on `__next__`: `next()` works, `for` needs `__iter__`.
    let actual = hover_notes(
        r#"
class Ticker:
    def $0__next__(self):
        return 1
"#,
    );
    assert_snapshot!(actual, @r"
    **The iteration protocol**
    - `Ticker` defines `__next__` but no `__iter__`: `next()` works on it, but `for` needs an `__iter__` that returns `self`.
    - `next()` and `for` call `__next__` for each value; raising `StopIteration` ends the loop.
    ");
}

#[test]
fn next_containing_yield_returns_generators() {
    // `__next__` with `yield` returns a new generator per call.
    let actual = hover_notes(
        r#"
class Broken:
    def __iter__(self):
        return self

    def $0__next__(self):
        yield 1
"#,
    );
    // Pins that a generator `__next__` is reported as a loop that never stops, not as single-pass.
    assert_snapshot!(actual, @r"
    **The iteration protocol**
    - `Broken` is not a working iterator: `__iter__` returns `self`, but `__next__` is a generator function, so a `for` loop over an instance never stops.
    - `__next__` is a generator function here, so each `next()` returns a new generator object instead of a value and never raises `StopIteration`.
    Also: Generators and lazy evaluation (`lazy-evaluation`)
    ");
    // Hovering `__iter__` gives the same verdict.
    let actual = hover_notes(
        r#"
class Broken:
    def $0__iter__(self):
        return self

    def __next__(self):
        yield 1
"#,
    );
    assert_snapshot!(actual, @r"
    **The iteration protocol**
    - `Broken` is not a working iterator: `__iter__` returns `self`, but `__next__` is a generator function, so a `for` loop over an instance never stops.
    ");
}

#[test]
fn iter_stub_returns_none() {
    // A stub `__iter__` returns `None`, which `iter()` rejects.
    let actual = hover_notes(
        r#"
class Base:
    def $0__iter__(self):
        pass
"#,
    );
    assert_snapshot!(actual, @r"
    **The iteration protocol**
    - `__iter__` of `Base` has no `return`: as written it returns `None` and `iter()` raises `TypeError`, unless a subclass overrides it.
    ");
}

#[test]
fn async_iterator_pair() {
    // `__aiter__` returns `self`, `async def __anext__` produces the values.
    let actual = hover_notes(
        r#"
class Ticks:
    def __aiter__(self):
        return self

    async def $0__anext__(self):
        raise StopAsyncIteration
"#,
    );
    assert_snapshot!(actual, @r"
    **The iteration protocol**
    - `Ticks` is an iterator: `__aiter__` returns `self` and `__anext__` produces the values, so an instance is single-pass: a second loop gets nothing.
    - `async for` awaits `__anext__()` for each value; raising `StopAsyncIteration` ends the loop.
    ");
}

#[test]
fn async_def_aiter_is_a_type_error() {
    // `async def __aiter__` without `yield` returns a coroutine, not an async iterator.
    let actual = hover_notes(
        r#"
class Ticks:
    async def $0__aiter__(self):
        return self

    async def __anext__(self):
        raise StopAsyncIteration
"#,
    );
    assert_snapshot!(actual, @r"
    **The iteration protocol**
    - `__aiter__` of `Ticks` is a coroutine (`async def` without `yield`): `async for` raises `TypeError`; make it a plain `def` returning `self`.
    ");
}

#[test]
fn a_module_level_iter_is_not_the_protocol() {
    // Near miss: `__iter__` outside a class body.
    check_no_hover(
        r#"
def $0__iter__(self):
    return self
"#,
    );
}
