//! Operator overloading: the operator a dunder implements and what Python tries instead.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn binary_method_without_its_reflection() {
    let actual = hover_notes(
        r#"
class Money:
    def $0__add__(self, other):
        return Money()
"#,
    );
    assert_snapshot!(actual, @r"
    **Operator overloading**
    - Implements `a + b` when `a` is a `Money`.
    - If it is missing or returns `NotImplemented`, Python tries `b.__radd__(a)` when `b`'s type differs, then raises `TypeError`.
    - `Money` defines no `__radd__`, so with a `Money` on the right only the left operand's `__add__` can answer.
    ");
}

#[test]
fn in_place_method_without_return_self() {
    let actual = hover_notes(
        r#"
class Bag:
    def $0__iadd__(self, other):
        self.items.extend(other)
"#,
    );
    assert_snapshot!(actual, @r"
    **Operator overloading**
    - Implements `a += b` for a `Bag`: it should change `a` in place and return `self`.
    - If it is missing or returns `NotImplemented`, Python falls back to `a = a + b` (`__add__`, then `b.__radd__`).
    - No `return self` here: whatever it returns is bound to `a`.
    ");
}

#[test]
fn reflected_add_and_sum() {
    let actual = hover_notes(
        r#"
class Money:
    def $0__radd__(self, other):
        return self
"#,
    );
    assert_snapshot!(actual, @r"
    **Operator overloading**
    - Implements `a + b` when `b` is a `Money`: Python calls `b.__radd__(a)` after `a.__add__(b)` is missing or returns `NotImplemented`.
    - Operands of the same type never reach it; when `b`'s type subclasses `a`'s and overrides `__radd__`, it is tried first.
    - `sum()` starts from `0`, so it needs this method to accept `0`.
    ");
}

#[test]
fn total_ordering_derives_the_missing_comparisons() {
    let actual = hover_notes(
        r#"
from functools import total_ordering

@$0total_ordering
class Version:
    def __eq__(self, other):
        return True

    def __lt__(self, other):
        return False

    def __gt__(self, other):
        return False
"#,
    );
    assert_snapshot!(actual, @r"
    **Operator overloading**
    - `Version` defines `__lt__`, `__gt__`; `total_ordering` derives `__le__`, `__ge__` from `__lt__` and `__eq__`.
    - The derived methods are slower than written ones, and their errors point into `functools`.
    ");
}

#[test]
fn comparison_reflection() {
    let actual = hover_notes(
        r#"
class Version:
    def $0__le__(self, other):
        return NotImplemented
"#,
    );
    assert_snapshot!(actual, @r"
    **Operator overloading**
    - Implements `a <= b` when `a` is a `Version`.
    - If it returns `NotImplemented`, Python tries the reflection `b.__ge__(a)`; if both decline, `TypeError`.
    ");
}

#[test]
fn idivmod_does_not_hover() {
    check_no_hover(
        r#"
class Odd:
    def $0__idivmod__(self, other):
        return self
"#,
    );
}
