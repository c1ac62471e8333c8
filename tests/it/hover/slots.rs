//! `__slots__`: the names listed, whether instances still get a `__dict__`, and the alternative.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn names_and_no_weak_references() {
    let actual = hover_notes(
        r#"
class Point:
    $0__slots__ = ("x", "y")
"#,
    );
    assert_snapshot!(actual, @r"
    **`__slots__`**
    - Instances of `Point` store `x`, `y` in slots; any other attribute raises `AttributeError` and `weakref.ref()` raises `TypeError`.
    - Every class in its MRO defines `__slots__` (or is `object`), so instances really have no `__dict__`.
    - Slots save the per-instance `__dict__`, which matters for many small objects; `@dataclass(slots=True)` (3.10) writes `__slots__` from the fields.
    ");
}

#[test]
fn a_base_without_slots_brings_the_dict_back() {
    let actual = hover_notes(
        r#"
class Base:
    pass

class Point(Base):
    $0__slots__ = ["x"]
"#,
    );
    assert_snapshot!(actual, @r"
    **`__slots__`**
    - Instances of `Point` store `x` in slots, but the base `Base` has no `__slots__`, so they get a `__dict__` and `__weakref__` anyway: other attributes and weak references still work.
    - Add `__slots__` to that base (`()` when it stores nothing) so the slots actually save the `__dict__`.
    - Slots save the per-instance `__dict__`, which matters for many small objects; `@dataclass(slots=True)` (3.10) writes `__slots__` from the fields.
    ");
}

#[test]
fn a_single_string_is_one_slot() {
    let actual = hover_notes(
        r#"
from lib import Base

class Holder(Base):
    $0__slots__ = "value"
"#,
    );
    assert_snapshot!(actual, @r"
    **`__slots__`**
    - Instances of `Holder` store `value` in slots (one string is one slot); unless a base brings a `__dict__`, any other attribute raises `AttributeError` and `weakref.ref()` raises `TypeError`.
    - Instances lose their `__dict__` only if `Base` and its bases define `__slots__` too; a base without them brings it back.
    - Slots save the per-instance `__dict__`, which matters for many small objects; `@dataclass(slots=True)` (3.10) writes `__slots__` from the fields.
    ");
}

#[test]
fn weakref_listed_under_an_unslotted_base_fails() {
    let actual = hover_notes(
        r#"
class Base:
    pass

class Point(Base):
    $0__slots__ = ("x", "__weakref__")
"#,
    );
    assert_snapshot!(actual, @r"
    **`__slots__`**
    - The base `Base` has no `__slots__`, so it already gives instances a `__dict__` and `__weakref__`: listing `__weakref__` here raises `TypeError` when the class is created.
    - Remove that name, or give the base `__slots__` too.
    ");
}

#[test]
fn a_local_variable_does_not_hover() {
    check_no_hover(
        r#"
def f():
    $0__slots__ = ("x",)
"#,
    );
}
