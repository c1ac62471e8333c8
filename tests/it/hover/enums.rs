//! Enumerations: the kind, the members with their values and aliases, and what `auto()` gives.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn plain_enum_lists_members_and_an_alias() {
    let actual = hover_notes(
        r#"
from enum import Enum

class $0Color(Enum):
    RED = 1
    GREEN = 2
    CRIMSON = 1
"#,
    );
    assert_snapshot!(actual, @r#"
    **Enumerations**
    - A plain `Enum`: members are singletons compared by identity, and a member never equals its value (`Color.RED == 1` is false).
    - Members in order: `RED = 1`, `GREEN = 2`, `CRIMSON = 1`; `CRIMSON` is an alias of `RED` (same value: iteration skips it, `__members__` lists it).
    - `Color(1)` looks a member up by value and `Color["RED"]` by name; both return the same object as `Color.RED`.
    "#);
}

#[test]
fn flag_auto_values_are_powers_of_two() {
    let actual = hover_notes(
        r#"
import enum

class $0Perm(enum.Flag):
    READ = enum.auto()
    WRITE = enum.auto()
    EXECUTE = enum.auto()
"#,
    );
    assert_snapshot!(actual, @r"
    **Enumerations**
    - A `Flag`: members combine with `|`, `&`, `^` and `~` into values that are members too, and `in` tests for a flag.
    - Members in order: `READ = 1 (auto)`, `WRITE = 2 (auto)`, `EXECUTE = 4 (auto)`.
    - `auto()` gives the next power of two: 1, 2, 4, ...
    ");
}

#[test]
fn auto_in_a_str_enum_gives_the_lower_case_name() {
    let actual = hover_notes(
        r#"
from enum import StrEnum, auto

class Method(StrEnum):
    GET = $0auto()
"#,
    );
    assert_snapshot!(actual, @r#"
    **Enumerations**
    - `auto()` gives the member's name in lower case.
    - Here `GET` gets "get".
    "#);
}

#[test]
fn unique_names_the_alias_that_fails() {
    let actual = hover_notes(
        r#"
from enum import IntEnum, unique

@$0unique
class Status(IntEnum):
    OK = 200
    SUCCESS = 200
"#,
    );
    assert_snapshot!(actual, @r"
    **Enumerations**
    - `@unique` checks the class once it is created and raises `ValueError` when two members share a value (an alias).
    - Here `SUCCESS` repeats the value of `OK`, so the class statement raises `ValueError`.
    ");
}

#[test]
fn str_mixin_formats_as_the_member_name() {
    let actual = hover_notes(
        r#"
from enum import Enum

class $0Fruit(str, Enum):
    APPLE = "apple"
"#,
    );
    assert_snapshot!(actual, @r#"
    **Enumerations**
    - A `str` mixed into `Enum`: members are strings equal to their values, but since 3.11 `format()` and f-strings give `Fruit.APPLE`, not the value (`StrEnum` gives the value).
    - Members in order: `APPLE = "apple"`.
    - `Fruit("apple")` looks a member up by value and `Fruit["APPLE"]` by name; both return the same object as `Fruit.APPLE`.
    "#);
}

#[test]
fn a_plain_class_does_not_hover() {
    check_no_hover(
        r#"
class $0Color:
    RED = 1
"#,
    );
}
