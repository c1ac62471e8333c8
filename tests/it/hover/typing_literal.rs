//! `typing.Literal`: the allowed values, the values type checkers reject, and run-time checks.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn several_allowed_values() {
    // `Literal["r", "w", "a"]`.
    let actual = hover_notes(
        r#"
from typing import Literal

Mode = $0Literal["r", "w", "a"]
"#,
    );
    assert_snapshot!(actual, @r#"
    **`typing.Literal`**
    - Allows exactly these values: `"r"`, `"w"`, `"a"`.
    - Only type checkers enforce it; at run time any value passes, so validate outside input with `value in typing.get_args(...)`.
    "#);
}

#[test]
fn one_value_through_typing_attribute() {
    // `typing.Literal[True]`.
    let actual = hover_notes(
        r#"
import typing

def enable(flag: typing.$0Literal[True]):
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Literal`**
    - Allows exactly one value: `True`.
    - Only type checkers enforce it; at run time any value passes, so validate outside input with `value in typing.get_args(...)`.
    ");
}

#[test]
fn float_and_f_string_values_are_rejected() {
    // A float and an f-string are not valid `Literal` values.
    let actual = hover_notes(
        r#"
from typing import Literal

Bad = $0Literal[3.14, f"x{y}", -1]
"#,
    );
    assert_snapshot!(actual, @r#"
    **`typing.Literal`**
    - Allows exactly these values: `3.14`, `f"x{y}"`, `-1`.
    - Type checkers reject `3.14`, `f"x{y}"` here: it takes `int`, `str`, `bytes` or `bool` constants, enum members, `None` or other `Literal` types.
    - Only type checkers enforce it; at run time any value passes, so validate outside input with `value in typing.get_args(...)`.
    "#);
}

#[test]
fn aliased_literal_without_subscription() {
    // The alias case (`Literal as L`), used bare.
    let actual = hover_notes(
        r#"
from typing import Literal as L

kind = $0L
"#,
    );
    assert_snapshot!(actual, @r#"
    **`typing.Literal`**
    - `Literal` is used here without a subscription; as a type it needs the allowed values, as in `Literal["r", "w"]`.
    "#);
}

#[test]
fn a_literal_of_another_module_is_not_typing() {
    // Near miss: `Literal` from elsewhere.
    check_no_hover(
        r#"
from grammar import Literal

token = $0Literal["x"]
"#,
    );
}
