//! Data classes: the fields, the generated methods and hashing of this class; `field()` and `__post_init__`.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn bare_decorator_lists_fields_and_pseudo_fields() {
    // Defaults in order, a ClassVar and an InitVar apart, unhashable by default.
    let actual = hover_notes(
        r#"
from dataclasses import InitVar, dataclass, field
from typing import ClassVar

@$0dataclass
class Point:
    x: float
    y: float = 0.0
    tags: list = field(default_factory=list)
    count: ClassVar[int] = 0
    scale: InitVar[float] = 1.0
"#,
    );
    assert_snapshot!(actual, @r"
    **Data classes**
    - Fields in `__init__` order: `x`, `y = 0.0`, `tags = field(default_factory=list)`; `ClassVar`, not a field: `count`; `InitVar`, passed to `__post_init__` and not stored: `scale`.
    - `Point` gets `__init__`, `__repr__`, `__eq__`, `__match_args__` (3.10).
    - Instances are unhashable: with `eq=True` and without `frozen=True`, the decorator sets `__hash__` to `None`, so they cannot go in a set or be dict keys.
    ");
}

#[test]
fn frozen_and_ordered_instances_are_hashable() {
    let actual = hover_notes(
        r#"
import dataclasses

@dataclasses.$0dataclass(frozen=True, order=True, slots=True)
class Version:
    major: int
    minor: int = 0
"#,
    );
    assert_snapshot!(actual, @r"
    **Data classes**
    - Fields in `__init__` order: `major`, `minor = 0`.
    - `Version` gets `__init__`, `__repr__`, `__eq__`, `__lt__` to `__ge__`, a `__setattr__` that raises `FrozenInstanceError`, `__match_args__` (3.10), `__slots__` on a new class (3.10).
    - Instances are hashable: with `eq` and `frozen` both true, `__hash__` is generated from the fields.
    Also: Decorators with parameters (`parameterized-decorators`)
    ");
}

#[test]
fn keyword_only_marker_and_a_dataclass_base() {
    let actual = hover_notes(
        r#"
from dataclasses import KW_ONLY, dataclass

@dataclass
class Base:
    id: int

@$0dataclass(eq=False)
class Child(Base):
    name: str
    _: KW_ONLY
    verbose: bool = False
"#,
    );
    assert_snapshot!(actual, @r"
    **Data classes**
    - Fields in `__init__` order after those of `Base`: `name`, `verbose = False`; keyword-only after `KW_ONLY` (3.10): `verbose`.
    - `Child` gets `__init__`, `__repr__`, `__match_args__` (3.10).
    - With `eq=False`, `__eq__` and `__hash__` are inherited unchanged, here from `Base`.
    Also: Decorators with parameters (`parameterized-decorators`)
    ");
}

#[test]
fn field_arguments_are_explained() {
    let actual = hover_notes(
        r#"
from dataclasses import dataclass, field

@dataclass
class Account:
    token: str = $0field(default="", repr=False, compare=False, kw_only=True)
"#,
    );
    assert_snapshot!(actual, @r#"
    **Data classes**
    - Declares the field `token` of `Account`; `default=""` is the value when the argument is left out, one object shared by every instance.
    - `repr=False`: left out of `__repr__`; `compare=False`: ignored by `__eq__`, the ordering methods and a generated `__hash__`; `kw_only=True` (3.10): a keyword-only parameter of `__init__`.
    "#);
}

#[test]
fn post_init_receives_the_init_vars() {
    let actual = hover_notes(
        r#"
from dataclasses import InitVar, dataclass

@dataclass(frozen=True)
class Circle:
    radius: float
    unit: InitVar[str] = "m"

    def $0__post_init__(self, unit):
        pass
"#,
    );
    assert_snapshot!(actual, @r#"
    **Data classes**
    - Runs at the end of the `__init__` generated for `Circle`, after every field is set.
    - It receives the `InitVar` pseudo-fields in order: `unit`.
    - The class is frozen: assign a derived field here with `object.__setattr__(self, "name", value)`.
    "#);
}

#[test]
fn a_local_dataclass_function_does_not_hover() {
    check_no_hover(
        r#"
def dataclass(cls):
    return cls

@$0dataclass
class Point:
    x: int = 0
"#,
    );
}
