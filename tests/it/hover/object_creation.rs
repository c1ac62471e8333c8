//! `__new__` and `__init__`: how this `__new__` creates the instance and whether `__init__` runs.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn new_calling_super_on_an_immutable_base() {
    let actual = hover_notes(
        r#"
class Celsius(float):
    def $0__new__(cls, degrees):
        return super().__new__(cls, degrees)
"#,
    );
    assert_snapshot!(actual, @r"
    **`__new__` and `__init__`**
    - `Celsius(...)` calls this `__new__` (implicitly static, `cls` first) to build the instance; `__init__` runs afterwards only if it returns an instance of `Celsius`.
    - It creates the instance with `super().__new__(cls, degrees)`.
    - `float` is immutable: the value of a `Celsius` is fixed here in `__new__`; by `__init__` it can no longer change.
    ");
}

#[test]
fn extra_arguments_reach_object_new() {
    let actual = hover_notes(
        r#"
class Point:
    def $0__new__(cls, x, y):
        return super().__new__(cls, x, y)
"#,
    );
    assert_snapshot!(actual, @r"
    **`__new__` and `__init__`**
    - `Point(...)` calls this `__new__` (implicitly static, `cls` first) to build the instance; `__init__` runs afterwards only if it returns an instance of `Point`.
    - It creates the instance with `super().__new__(cls, x, y)`.
    - That call reaches `object.__new__`, which takes only the class: the extra arguments raise `TypeError`.
    ");
}

#[test]
fn new_without_return_gives_none() {
    let actual = hover_notes(
        r#"
class Connection:
    def $0__new__(cls, url):
        instance = object.__new__(cls)
        instance.url = url
"#,
    );
    assert_snapshot!(actual, @r"
    **`__new__` and `__init__`**
    - `Connection(...)` calls this `__new__` (implicitly static, `cls` first) to build the instance; `__init__` runs afterwards only if it returns an instance of `Connection`.
    - It creates the instance with `object.__new__(cls)`.
    - No `return` here gives a value, so `Connection()` is `None` and `__init__` never runs.
    **Pitfall** (`new-without-return`): This `__new__` can finish without returning a value: the class call then gives `None` and `__init__` never runs.
    ");
}

#[test]
fn a_metaclass_new_builds_classes() {
    let actual = hover_notes(
        r#"
class Meta(type):
    def $0__new__(mcs, name, bases, namespace):
        return super().__new__(mcs, name, bases, namespace)
"#,
    );
    assert_snapshot!(actual, @r"
    **`__new__` and `__init__`**
    - `Meta` is a metaclass: this `__new__` builds each class whose statement uses `metaclass=Meta`, from its name, bases and namespace.
    - `type.__new__`, reached through `super().__new__`, runs `__set_name__` and the parent's `__init_subclass__`; the metaclass `__init__` follows.
    ");
}

#[test]
fn a_module_level_new_function_does_not_hover() {
    check_no_hover(
        r#"
def $0__new__(cls):
    return object.__new__(cls)
"#,
    );
}
