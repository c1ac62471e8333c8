//! `typing.Final` and `@final`: what type checkers enforce, and that Python does not.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn module_constant_reassigned_later() {
    // `MAX: Final = 10`, then `MAX = 11` two lines down.
    let actual = hover_notes(
        r#"
from typing import Final

MAX: $0Final = 10

MAX = 11
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Final` and `@final`**
    - `MAX` is a constant for type checkers: any later assignment to it is reported.
    - Its type is inferred from the value `10`.
    - It is assigned again on line 6: a checker reports that, and Python runs it.
    ");
}

#[test]
fn class_attribute_with_a_declared_type() {
    // `Final[int]` in a class body: subclasses may not redefine it.
    let actual = hover_notes(
        r#"
import typing

class Limits:
    size: typing.$0Final[int] = 3
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Final` and `@final`**
    - `size` is a constant for type checkers: any later assignment to it is reported, and subclasses may not redefine it.
    - Its declared type is `int`.
    - Nothing is enforced at run time: Python runs the reassignment anyway; only type checkers such as mypy and pyright report it.
    ");
}

#[test]
fn class_attribute_without_a_value() {
    // No value in the class body: it must be assigned in `__init__`.
    let actual = hover_notes(
        r#"
from typing import Final

class Limits:
    size: $0Final[int]

    def __init__(self):
        self.size = 3
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Final` and `@final`**
    - `size` is a constant for type checkers: any later assignment to it is reported, and subclasses may not redefine it.
    - Its declared type is `int`.
    - No value here: checkers require it to be assigned in `__init__`.
    ");
}

#[test]
fn final_nested_in_another_type() {
    // `ClassVar[Final[int]]`: not at the top of the annotation.
    let actual = hover_notes(
        r#"
from typing import ClassVar, Final

class Limits:
    size: ClassVar[$0Final[int]] = 3
"#,
    );
    // Pins the run-time note for `ClassVar[Final[...]]`: a `TypeError` before 3.13, not "nothing enforced".
    assert_snapshot!(actual, @r"
    **`typing.Final` and `@final`**
    - `Final` belongs at the top of a variable or attribute annotation, as in `NAME: Final = value`; nested in another type, checkers reject it (`ClassVar[Final[int]]` only from 3.13).
    - At run time the class statement raises `TypeError` on 3.9 to 3.12, when it evaluates this annotation; 3.13 and later accept it.
    ");
}

#[test]
fn final_nested_with_future_annotations() {
    // Under `from __future__ import annotations` the annotation is never evaluated.
    let actual = hover_notes(
        r#"
from __future__ import annotations
from typing import ClassVar, Final

class Limits:
    size: ClassVar[$0Final[int]] = 3
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Final` and `@final`**
    - `Final` belongs at the top of a variable or attribute annotation, as in `NAME: Final = value`; nested in another type, checkers reject it (`ClassVar[Final[int]]` only from 3.13).
    - With `from __future__ import annotations` the annotation is never evaluated, so the class statement runs on every version.
    ");
    // Nested in `Optional`: no run-time claim, which depends on the wrapper.
    let actual = hover_notes(
        r#"
from typing import Final, Optional

size: Optional[$0Final[int]] = None
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Final` and `@final`**
    - `Final` belongs at the top of a variable or attribute annotation, as in `NAME: Final = value`; nested in another type, checkers reject it (`ClassVar[Final[int]]` only from 3.13).
    ");
}

#[test]
fn final_decorator_on_a_class_a_method_and_a_function() {
    // `@final` on a class, a method, and a plain function.
    let actual = hover_notes(
        r#"
from typing import final

@$0final
class Leaf:
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Final` and `@final`**
    - `Leaf` may not be subclassed: type checkers report any class that inherits from it.
    - At run time nothing is checked; from 3.11 the decorator only sets `__final__ = True` on the object when it can.
    ");
    let actual = hover_notes(
        r#"
from typing import final

class Base:
    @$0final
    def run(self):
        pass
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Final` and `@final`**
    - `run` may not be overridden: type checkers report a subclass that redefines it.
    - At run time nothing is checked; from 3.11 the decorator only sets `__final__ = True` on the object when it can.
    ");
    let actual = hover_notes(
        r#"
import typing_extensions as te

@te.$0final
def helper():
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **`typing.Final` and `@final`**
    - `@final` is meant for methods and classes; on the plain function `helper` checkers have nothing to enforce.
    - At run time nothing is checked; from 3.11 the decorator only sets `__final__ = True` on the object when it can.
    ");
}

#[test]
fn a_final_of_another_module_is_not_typing() {
    // Near miss: a `Final` from elsewhere.
    check_no_hover(
        r#"
from consts import Final

MAX: $0Final = 10
"#,
    );
}
