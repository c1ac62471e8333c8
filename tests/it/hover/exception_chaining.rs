//! Exception chaining: what `raise X from Y` sets and how the traceback reads.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn from_the_handled_exception() {
    let actual = hover_notes(
        r#"
def load(text):
    try:
        return int(text)
    except ValueError as err:
        raise RuntimeError(text) $0from err
"#,
    );
    assert_snapshot!(actual, @r#"
    **Exception chaining**
    - Sets `__cause__` to `err`, the exception this handler caught: the traceback shows it first, then "The above exception was the direct cause of the following exception".
    - Without `from`, raising here would still record the handled exception as `__context__` ("During handling of the above exception, another exception occurred").
    - The cause must be an exception instance or class, or `None`; anything else raises `TypeError`.
    "#);
}

#[test]
fn from_none_hides_the_context() {
    let actual = hover_notes(
        r#"
def load(text):
    try:
        return int(text)
    except ValueError:
        raise RuntimeError(text) $0from None
"#,
    );
    assert_snapshot!(actual, @r#"
    **Exception chaining**
    - `from None` sets `__suppress_context__`: the traceback does not show the exception being handled, which stays in `__context__`.
    - Without `from`, raising here would still record the handled exception as `__context__` ("During handling of the above exception, another exception occurred").
    "#);
}

#[test]
fn outside_a_handler() {
    let actual = hover_notes(
        r#"
def wrap(error):
    raise RuntimeError("wrapped") $0from error
"#,
    );
    assert_snapshot!(actual, @r#"
    **Exception chaining**
    - Sets `__cause__` to `error`: the traceback shows it first, then "The above exception was the direct cause of the following exception".
    - This `raise` is not directly in an `except` clause; `__context__` is set only if an exception is being handled when it runs.
    - The cause must be an exception instance or class, or `None`; anything else raises `TypeError`.
    "#);
}

#[test]
fn import_from_does_not_hover() {
    check_no_hover("$0from os import path\n");
    check_no_hover("def g():\n    yield $0from range(3)\n");
}
