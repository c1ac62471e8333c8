//! Default arguments: values built once when the `def` runs, shared by every call.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover, hover_notes};

#[test]
fn mutable_list_default_is_shared() {
    // `[]` is built once; the pitfall of mutating it is flagged on the same parameter.
    let actual = hover(
        r#"
def append(item, items=$0[]):
    items.append(item)
    return items
"#,
    );
    assert_snapshot!(actual, @r"
    **Default argument values**

    A default is evaluated once, when the `def` runs, and that same object is handed to every call that omits it.

    - `[]` is built once, when the `def` runs: every call that omits `items` gets that same list.
    - Mutating it leaks into later calls; default to `None` and build a new list in the body instead.

    **Pitfall** (`mutable-default-argument`): This list/dict/set default is built once, when the def runs, and every call that omits it shares it.

    [Python docs](https://docs.python.org/3/faq/programming.html#why-are-default-values-shared-between-objects)
    ");
}

#[test]
fn typed_dict_default_is_shared() {
    // A typed parameter with a dict display.
    let actual = hover_notes(
        r#"
def register(name, registry: dict = $0{}):
    return registry
"#,
    );
    assert_snapshot!(actual, @r"
    **Default argument values**
    - `{}` is built once, when the `def` runs: every call that omits `registry` gets that same dict.
    - Mutating it leaks into later calls; default to `None` and build a new dict in the body instead.
    **Pitfall** (`mutable-default-argument`): This list/dict/set default is built once, when the def runs, and every call that omits it shares it.
    ");
}

#[test]
fn call_default_runs_once() {
    // `datetime.now()` is evaluated when the def runs, not per call.
    let actual = hover_notes(
        r#"
import datetime

def log(message, when=datetime.datetime.$0now()):
    return when
"#,
    );
    assert_snapshot!(actual, @r"
    **Default argument values**
    - `datetime.datetime.now()` runs once, when the `def` runs: every call that omits `when` reuses that one result.
    - If each call needs a fresh or current value, default to `None` and make the call in the body.
    ");
}

#[test]
fn immutable_call_default_is_harmless() {
    // `frozenset()` returns an immutable value.
    let actual = hover_notes(
        r#"
def check(value, allowed=$0frozenset()):
    return value in allowed
"#,
    );
    assert_snapshot!(actual, @r"
    **Default argument values**
    - `frozenset()` runs once, when the `def` runs: every call that omits `allowed` reuses that one result.
    - The result is immutable, so sharing it is harmless.
    ");
}

#[test]
fn object_sentinel_default() {
    // A shared `object()` is a sentinel on purpose.
    let actual = hover_notes(
        r#"
def get(key, default=$0object()):
    return default
"#,
    );
    assert_snapshot!(actual, @r"
    **Default argument values**
    - `object()` runs once, when the `def` runs: every call that omits `default` reuses that one result.
    - A shared `object()` is the usual sentinel for telling an omitted argument apart from any value a caller can pass.
    ");
}

#[test]
fn none_default_and_lambda_default_are_not_flagged() {
    // Near misses: `None` is the fix, and a lambda's default is not a `def` parameter here.
    check_no_hover(
        r#"
def append(item, items=$0None):
    return items
"#,
    );
    check_no_hover(
        r#"
append = lambda item, items=$0[]: items
"#,
    );
}
