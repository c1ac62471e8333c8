//! `typing.Annotated`: the base type, the metadata, and where the metadata is read.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn base_type_and_metadata() {
    // `Annotated[int, Gt(0), "id"]`.
    let actual = hover_notes(
        r#"
from typing import Annotated

UserId = $0Annotated[int, Gt(0), "id"]
"#,
    );
    assert_snapshot!(actual, @r#"
    **`typing.Annotated`**
    - Base type `int`; metadata `Gt(0)`, `"id"`.
    - Type checkers see plain `int`; the metadata is read at run time from `__metadata__` or `get_type_hints(..., include_extras=True)`.
    "#);
}

#[test]
fn without_metadata_is_a_type_error() {
    // `Annotated[int]` has no metadata.
    let actual = hover_notes(
        r#"
import typing

def f(x: typing.$0Annotated[int]):
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Annotated`**
    - Base type `int` with no metadata: `Annotated` needs at least one metadata object, so this raises `TypeError` when evaluated.
    ");
}

#[test]
fn aliased_from_typing_extensions() {
    // The alias case: `from typing_extensions import Annotated as A`.
    let actual = hover_notes(
        r#"
from typing_extensions import Annotated as A

def handler(name: $0A[str, "query"]):
    pass
"#,
    );
    assert_snapshot!(actual, @r#"
    **`typing.Annotated`**
    - Base type `str`; metadata `"query"`.
    - Type checkers see plain `str`; the metadata is read at run time from `__metadata__` or `get_type_hints(..., include_extras=True)`.
    "#);
}

#[test]
fn without_subscription() {
    // Bare `Annotated`.
    let actual = hover_notes(
        r#"
from typing import Annotated

marker = $0Annotated
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Annotated`**
    - `Annotated` is used here without a subscription; it takes a type and at least one metadata object, as in `Annotated[int, ...]`.
    ");
}

#[test]
fn an_annotated_of_another_module_is_not_typing() {
    // Near miss: `Annotated` from a module of this project.
    check_no_hover(
        r#"
from mytypes import Annotated

UserId = $0Annotated[int, "id"]
"#,
    );
}
