//! Copying: shallow and deep copies, `replace`, and the copy hooks.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn shallow_copy_shares_nested_objects() {
    // `copy.copy` makes a new outer object only.
    let actual = hover_notes(
        r#"
import copy

snapshot = copy.$0copy(settings)
"#,
    );
    assert_snapshot!(actual, @r"
    **Shallow and deep copies**
    - Shallow copy: a new outer object of the same type as `settings`, whose items or attributes are the very same objects as in the original; an immutable value (a number, string, tuple or frozenset) comes back as itself, an…
    - Mutating a nested list, dict or object through the copy also changes the original; use `copy.deepcopy()` when the copy must be independent.
    ");
}

#[test]
fn deep_copy_through_an_alias() {
    // The alias case: `from copy import deepcopy as clone`.
    let actual = hover_notes(
        r#"
from copy import deepcopy as clone

state = $0clone(original)
"#,
    );
    // `copy.deepcopy(os)` raises `TypeError: cannot pickle 'module' object` (3.9 to 3.13), like a
    // lock; functions and classes come back as the same objects.
    assert_snapshot!(actual, @r"
    **Shallow and deep copies**
    - Deep copy: copies `original` and everything it refers to, recursively; the `memo` dict keeps shared references shared and ends cycles.
    - It can copy too much (caches, registries) and fails with TypeError on locks, sockets, open files and modules it reaches; functions, classes and atomic values come back as the same objects.
    ");
}

#[test]
fn deepcopy_inside_deepcopy_hook_without_memo() {
    // Inside `__deepcopy__`, the nested call must pass `memo` on.
    let actual = hover_notes(
        r#"
import copy

class Node:
    def __deepcopy__(self, memo):
        return Node(copy.$0deepcopy(self.children))
"#,
    );
    assert_snapshot!(actual, @r"
    **Shallow and deep copies**
    - Deep copy: copies `self.children` and everything it refers to, recursively; the `memo` dict keeps shared references shared and ends cycles.
    - It can copy too much (caches, registries) and fails with TypeError on locks, sockets, open files and modules it reaches; functions, classes and atomic values come back as the same objects.
    - Inside `__deepcopy__`, pass `memo` on (`copy.deepcopy(value, memo)`), or shared references get duplicated and cycles recurse.
    ");
}

#[test]
fn copy_replace_and_dataclasses_replace() {
    // `copy.replace` (3.13) and `dataclasses.replace`, which runs `__init__` again.
    let actual = hover_notes(
        r#"
import copy

moved = copy.$0replace(point, x=3)
"#,
    );
    assert_snapshot!(actual, @r"
    **Shallow and deep copies**
    - Shallow copy of `point` with the given fields changed, through its `__replace__()` method (new in 3.13): fields you do not replace are shared with the original.
    - Supported by named tuples, dataclasses, `datetime` objects, `SimpleNamespace` and any class defining `__replace__`.
    ");
    let actual = hover_notes(
        r#"
import dataclasses

moved = dataclasses.$0replace(point, x=3)
"#,
    );
    assert_snapshot!(actual, @r"
    **Shallow and deep copies**
    - A new instance of the dataclass of `point` with the given fields changed, built through `__init__`, so `__post_init__` runs again.
    - The copy is shallow: fields you do not replace are shared with the original; passing an `init=False` field raises ValueError up to 3.12 and TypeError from 3.13.
    ");
}

#[test]
fn copy_hooks() {
    // `__copy__` and `__deepcopy__` defined on a class.
    let actual = hover_notes(
        r#"
class Buffer:
    def $0__copy__(self):
        return Buffer()
"#,
    );
    assert_snapshot!(actual, @r"
    **Shallow and deep copies**
    - `copy.copy()` calls this for instances of `Buffer` instead of the default shallow copy, which otherwise goes through the pickle hooks (`__reduce_ex__`).
    - It should return a new object; `copy.deepcopy()` ignores it and uses `__deepcopy__`.
    ");
    let actual = hover_notes(
        r#"
class Buffer:
    def $0__deepcopy__(self, memo):
        return Buffer()
"#,
    );
    assert_snapshot!(actual, @r"
    **Shallow and deep copies**
    - `copy.deepcopy()` calls this for instances of `Buffer` with its `memo` dict, instead of the default deep copy.
    - Pass `memo` to every nested `copy.deepcopy()` call and register the new object in it early, so shared references stay shared and cycles end.
    ");
}

#[test]
fn a_copy_method_is_not_the_copy_module() {
    // Near miss: `list.copy()` and a local `copy` function.
    check_no_hover(
        r#"
duplicate = items.$0copy()
"#,
    );
    check_no_hover(
        r#"
def copy(value):
    return value

duplicate = $0copy(items)
"#,
    );
}
