//! `yield from`: the delegate and where its return value goes.

use insta::assert_snapshot;

use crate::support::{hover, hover_notes};

#[test]
fn return_value_bound_to_a_name() {
    // `result = yield from inner()`: the delegate's return value lands in `result`.
    let actual = hover(
        r#"
def outer():
    result = $0yield from inner()
    return result
"#,
    );
    assert_snapshot!(actual, @r"
    **`yield from` delegation**

    Hands control to a sub-iterator: its values, `send()`, `throw()`, `close()` and return value pass through.

    - Delegates to `inner()`; its return value is bound to `result`.
    - `send()`, `throw()` and `close()` on this generator reach the delegate while it runs, when the delegate has those methods.
    - Closing or abandoning this generator early also closes the delegate when it has a `close()` method, a file included, even if other code still reads from it.

    [Python docs](https://docs.python.org/3/reference/expressions.html#yield-expressions)
    ");
}

#[test]
fn return_value_discarded() {
    // A bare statement drops the delegate's return value.
    let actual = hover_notes(
        r#"
def chain(first, second):
    $0yield from first
    yield from second
"#,
    );
    assert_snapshot!(actual, @r"
    **`yield from` delegation**
    - Delegates to `first`; its return value is discarded.
    - `send()`, `throw()` and `close()` on this generator reach the delegate while it runs, when the delegate has those methods.
    - Closing or abandoning this generator early also closes the delegate when it has a `close()` method, a file included, even if other code still reads from it.
    ");
}

#[test]
fn return_value_returned() {
    // `return (yield from ...)` passes the value on as this generator's own return value.
    let actual = hover_notes(
        r#"
def relay(source):
    return ($0yield from source)
"#,
    );
    // Pins that the note sees through the parentheses `return` requires.
    assert_snapshot!(actual, @r"
    **`yield from` delegation**
    - Delegates to `source`; its return value becomes this generator's return value.
    - `send()`, `throw()` and `close()` on this generator reach the delegate while it runs, when the delegate has those methods.
    - Closing or abandoning this generator early also closes the delegate when it has a `close()` method, a file included, even if other code still reads from it.
    ");
    // Doubled parentheses and an assignment: still seen through.
    let actual = hover_notes(
        r#"
def relay(source):
    total = (($0yield from source))
    return total
"#,
    );
    assert_snapshot!(actual, @r"
    **`yield from` delegation**
    - Delegates to `source`; its return value is bound to `total`.
    - `send()`, `throw()` and `close()` on this generator reach the delegate while it runs, when the delegate has those methods.
    - Closing or abandoning this generator early also closes the delegate when it has a `close()` method, a file included, even if other code still reads from it.
    ");
}

#[test]
fn return_value_used_in_an_expression() {
    // Used as an argument: the value of the expression.
    let actual = hover_notes(
        r#"
def report(parts):
    print(($0yield from parts))
"#,
    );
    assert_snapshot!(actual, @r"
    **`yield from` delegation**
    - Delegates to `parts`; its return value is the value of this expression.
    - `send()`, `throw()` and `close()` on this generator reach the delegate while it runs, when the delegate has those methods.
    - Closing or abandoning this generator early also closes the delegate when it has a `close()` method, a file included, even if other code still reads from it.
    ");
}

#[test]
fn inside_async_def_is_a_syntax_error() {
    // Async generators cannot delegate with `yield from`.
    let actual = hover_notes(
        r#"
async def stream(items):
    $0yield from items
"#,
    );
    assert_snapshot!(actual, @r"
    **`yield from` delegation**
    - Delegates to `items`; its return value is discarded.
    - `yield from` is a SyntaxError inside `async def`; use `async for x in it: yield x`.
    ");
}

#[test]
fn plain_yield_is_not_delegation() {
    // Near miss: `yield` without `from` is a generator's yield, not delegation.
    let actual = hover_notes(
        r#"
def values():
    $0yield 1
"#,
    );
    assert_snapshot!(actual, @r"
    **Generators and lazy evaluation**
    - Each `next()` on `values()` runs the body up to here and hands out `1`; the next one resumes right after it.
    ");
}
