//! `typing.Protocol`: structural interfaces, their members, and `@runtime_checkable`.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn protocol_lists_its_members() {
    // Methods and annotated attributes are members; `__init__` is not.
    let actual = hover_notes(
        r#"
from typing import Protocol

class Closer($0Protocol):
    name: str

    def __init__(self):
        pass

    def close(self) -> None: ...
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Protocol`**
    - `Closer` is a protocol: a type checker accepts any object whose type provides `name`, `close` with compatible types, whatever its bases.
    - Not `@runtime_checkable`: `isinstance(x, Closer)` raises `TypeError`; the check happens only in type checkers.
    ");
}

#[test]
fn runtime_checkable_only_checks_names() {
    // `@runtime_checkable` makes `isinstance` work, by name only.
    let actual = hover_notes(
        r#"
from typing import Protocol, runtime_checkable

@runtime_checkable
class Sized($0Protocol):
    def __len__(self) -> int: ...
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Protocol`**
    - `Sized` is a protocol: a type checker accepts any object whose type provides `__len__` with compatible types, whatever its bases.
    - `@runtime_checkable`: `isinstance(x, Sized)` works, but it only checks that the member names exist, not their signatures or types.
    ");
}

#[test]
fn generic_protocol_without_members() {
    // `typing.Protocol[T]` as a base, empty body.
    let actual = hover_notes(
        r#"
import typing

T = typing.TypeVar("T")

class Box(typing.$0Protocol[T]):
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Protocol`**
    - `Box` is a protocol: for a type checker, any object whose type has its members fits, whatever its base classes.
    - Not `@runtime_checkable`: `isinstance(x, Box)` raises `TypeError`; the check happens only in type checkers.
    ");
}

#[test]
fn protocol_outside_a_class_statement() {
    // The alias case (`Protocol as P`) outside a base list.
    let actual = hover_notes(
        r#"
from typing_extensions import Protocol as P

base = $0P
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Protocol`**
    - A class with `Protocol` among its bases declares an interface by its members: any class with matching members fits, without inheriting from it.
    ");
}

#[test]
fn a_protocol_of_another_module_is_not_typing() {
    // Near miss: `Protocol` from a networking library.
    check_no_hover(
        r#"
from asyncio import Protocol

class Echo($0Protocol):
    pass
"#,
    );
}
