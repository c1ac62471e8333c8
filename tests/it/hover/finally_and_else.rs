//! `finally` and `else`: when the clause runs, what skips a loop's `else`, what `finally` discards.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn loop_else_names_the_breaks_that_skip_it() {
    let actual = hover_notes(
        r#"
def find(items, wanted):
    for item in items:
        if item == wanted:
            break
        if item is None:
            break
    $0else:
        return None
"#,
    );
    assert_snapshot!(actual, @r"
    **`finally`, and `else` on `try` and loops**
    - Runs when the loop runs out of items (also after zero iterations), unless a `break` ended the loop.
    - The `break`s on lines 5, 7 skip it, and so do `return` and an exception.
    ");
}

#[test]
fn loop_else_without_break_always_runs() {
    let actual = hover_notes(
        r#"
def drain(items):
    while items:
        items.pop()
    $0else:
        print("empty")
"#,
    );
    assert_snapshot!(actual, @r"
    **`finally`, and `else` on `try` and loops**
    - Runs when the condition is false (also when it was false at once), unless a `break` ended the loop.
    - This loop has no `break`, so only `return` or an exception can skip the `else`: its code could simply follow the loop.
    ");
}

#[test]
fn try_else_is_not_guarded_by_the_handlers() {
    let actual = hover_notes(
        r#"
try:
    handle = open("data")
except OSError:
    handle = None
$0else:
    data = handle.read()
finally:
    print("done")
"#,
    );
    assert_snapshot!(actual, @r"
    **`finally`, and `else` on `try` and loops**
    - Runs only when the `try` body finished without an exception and without `return`, `break` or `continue`.
    - An exception raised here is not handled by this statement's `except` clauses: only the `try` body is guarded.
    - It runs before the `finally` clause.
    ");
}

#[test]
fn finally_with_a_return_discards_the_exception() {
    let actual = hover_notes(
        r#"
def load(path):
    try:
        return open(path).read()
    $0finally:
        return ""
"#,
    );
    assert_snapshot!(actual, @r"
    **`finally`, and `else` on `try` and loops**
    - Runs on every way out of the `try`: normal end, `return`, `break`, `continue` or an exception.
    - The `return` on line 6 discards any exception in flight (even `KeyboardInterrupt`) and overrides the `try`'s own `return`; 3.14 warns about it (PEP 765).
    ");
}

#[test]
fn finally_without_handlers() {
    let actual = hover_notes(
        r#"
def load(path):
    handle = open(path)
    try:
        return handle.read()
    $0finally:
        handle.close()
"#,
    );
    assert_snapshot!(actual, @r"
    **`finally`, and `else` on `try` and loops**
    - Runs on every way out of the `try`: normal end, `return`, `break`, `continue` or an exception.
    - An exception from the `try` body goes on propagating after this block runs.
    - A `return`, `break` or `continue` here would discard the exception in flight (a SyntaxWarning from 3.14, PEP 765).
    ");
}

#[test]
fn else_of_if_does_not_hover() {
    check_no_hover("if flag:\n    pass\n$0else:\n    pass\n");
}
