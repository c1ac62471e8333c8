//! `__eq__` and `__hash__`: whether instances of this class are hashable, and why.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn eq_without_hash_makes_instances_unhashable() {
    // `__eq__` alone: Python sets `__hash__` to `None`.
    let actual = hover_notes(
        r#"
class Point:
    def $0__eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)
"#,
    );
    assert_snapshot!(actual, @r"
    **`__eq__` and `__hash__`**
    - Instances of `Point` are unhashable: defining `__eq__` without `__hash__` sets `Point.__hash__` to `None`, so sets, dict keys and `hash()` raise `TypeError`.
    - `a == b` calls `Point.__eq__(a, b)`; `!=` inverts its result unless the class defines `__ne__`.
    - It never returns `NotImplemented`: for types it does not know, returning it lets the other operand's `__eq__` answer.
    ");
}

#[test]
fn a_base_hash_is_hidden_by_the_subclass_eq() {
    // The base defines `__hash__`; the subclass's `__eq__` hides it.
    let actual = hover_notes(
        r#"
class Base:
    def __hash__(self):
        return 1

class Child(Base):
    def $0__eq__(self, other):
        if not isinstance(other, Child):
            return NotImplemented
        return True
"#,
    );
    assert_snapshot!(actual, @r"
    **`__eq__` and `__hash__`**
    - Instances of `Child` are unhashable: its own `__eq__` without `__hash__` sets `__hash__` to `None`, hiding `Base.__hash__` (restore it with `__hash__ = Base.__hash__`).
    - `a == b` calls `Child.__eq__(a, b)`; `!=` inverts its result unless the class defines `__ne__`.
    - It returns `NotImplemented` for some operands: Python then tries the other operand's `__eq__`, then identity.
    ");
}

#[test]
fn hash_def_with_eq_is_hashable() {
    // `__hash__` next to `__eq__`: hashable, and the contract between the two.
    let actual = hover_notes(
        r#"
class Point:
    def __eq__(self, other):
        return NotImplemented

    def $0__hash__(self):
        return hash((self.x, self.y))
"#,
    );
    assert_snapshot!(actual, @r"
    **`__eq__` and `__hash__`**
    - Instances of `Point` are hashable through this class's own `__hash__`.
    - Objects that compare equal must hash equal: hash only the fields `__eq__` compares, and only ones that never change.
    ");
}

#[test]
fn hash_none_is_unhashable_on_purpose() {
    let actual = hover_notes(
        r#"
class Box:
    def __eq__(self, other):
        return self is other

    $0__hash__ = None
"#,
    );
    assert_snapshot!(actual, @r"
    **`__eq__` and `__hash__`**
    - Instances of `Box` are unhashable: `hash()`, set members and dict keys raise `TypeError`, and `isinstance(x, collections.abc.Hashable)` is `False`.
    - This states on purpose what defining `__eq__` alone does implicitly; it suits mutable objects.
    ");
}

#[test]
fn ne_without_eq_keeps_identity() {
    let actual = hover_notes(
        r#"
class Odd:
    def $0__ne__(self, other):
        return True
"#,
    );
    assert_snapshot!(actual, @r"
    **`__eq__` and `__hash__`**
    - `Odd` keeps the `__hash__` it inherits.
    - `Odd` defines `__ne__` but not `__eq__`: `==` still uses the inherited `__eq__` (identity for `object`).
    ");
}

#[test]
fn a_module_level_eq_function_does_not_hover() {
    check_no_hover(
        r#"
def $0__eq__(a, b):
    return a is b
"#,
    );
}
