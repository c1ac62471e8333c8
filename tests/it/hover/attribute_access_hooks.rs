//! Attribute access hooks: when each runs, and which of the four the class defines.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn getattr_runs_only_when_lookup_fails() {
    // A delegating `__getattr__` that reads `self._target`.
    let actual = hover_notes(
        r#"
class Proxy:
    def $0__getattr__(self, name):
        return getattr(self._target, name)

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
"#,
    );
    assert_snapshot!(actual, @r"
    **`__getattr__`, `__getattribute__`, `__setattr__`, `__delattr__`**
    - Runs only when normal lookup on a `Proxy` instance fails with `AttributeError`; attributes that exist never reach it.
    - It reads `self._target`: on an instance made without `__init__` (`copy.copy`, pickle) that read misses and re-enters `__getattr__`.
    - `Proxy` defines 2 of the four attribute hooks: `__getattr__`, `__setattr__`.
    ");
}

#[test]
fn setattr_without_a_store_through_object() {
    let actual = hover_notes(
        r#"
class Frozen:
    def $0__setattr__(self, name, value):
        raise AttributeError(name)
"#,
    );
    assert_snapshot!(actual, @r"
    **`__getattr__`, `__getattribute__`, `__setattr__`, `__delattr__`**
    - Runs on every `obj.name = value` for `Frozen` instances, the assignments in `__init__` included.
    - To store a value, call `super().__setattr__(name, value)` or `object.__setattr__(self, name, value)`: `self.x = value` here recurses.
    - `Frozen` defines `__setattr__`, one of the four attribute hooks.
    ");
}

#[test]
fn getattribute_runs_on_every_read() {
    let actual = hover_notes(
        r#"
class Logged:
    def $0__getattribute__(self, name):
        return super().__getattribute__(name)

    def __getattr__(self, name):
        return None
"#,
    );
    assert_snapshot!(actual, @r"
    **`__getattr__`, `__getattribute__`, `__setattr__`, `__delattr__`**
    - Runs on every attribute read of a `Logged` instance, methods included; implicit special-method lookups (`len()`, operators) bypass it.
    - Reach the object's own attributes with `super().__getattribute__(name)`: any `self.attr` here calls this method again.
    - `Logged` defines 2 of the four attribute hooks: `__getattribute__`, `__getattr__`.
    ");
}

#[test]
fn a_module_getattr_is_not_a_class_hook() {
    // A module-level `__getattr__` belongs to the import system; it shows that topic instead.
    let actual = hover_notes(
        r#"
def $0__getattr__(name):
    raise AttributeError(name)
"#,
    );
    assert!(!actual.contains("__getattribute__`, `__setattr__`"), "{actual}");
}

#[test]
fn a_nested_function_named_setattr_does_not_hover() {
    check_no_hover(
        r#"
class Outer:
    def method(self):
        def $0__setattr__(name, value):
            return name
        return __setattr__
"#,
    );
}
