//! Weak references: what each reference or container keeps, and when entries disappear.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn ref_to_a_bound_method_dies_at_once() {
    let actual = hover_notes(
        r#"
import weakref

def watch(button):
    return weakref.$0ref(button.on_click)
"#,
    );
    assert_snapshot!(actual, @r"
    **Weak references**
    - Does not keep `button.on_click` alive: calling the reference returns it, or `None` once it has been collected.
    - If `button.on_click` is a method, this reference dies at once (each access makes a new bound method): use `weakref.WeakMethod`.
    ");
}

#[test]
fn weak_value_dictionary_drops_values() {
    let actual = hover_notes(
        r#"
from weakref import WeakValueDictionary

cache = $0WeakValueDictionary()
"#,
    );
    assert_snapshot!(actual, @r"
    **Weak references**
    - Holds keys strongly and values weakly: an entry disappears when its value is collected.
    ");
}

#[test]
fn finalize_with_a_bound_method_of_the_object() {
    let actual = hover_notes(
        r#"
import weakref

def track(conn):
    weakref.$0finalize(conn, conn.close)
"#,
    );
    assert_snapshot!(actual, @r"
    **Weak references**
    - Calls the function once, when `conn` is collected or at interpreter exit, whichever comes first.
    - `conn.close` is a bound method of `conn`: it keeps the object alive, so the finalizer runs only at exit.
    ");
}

#[test]
fn slots_without_weakref() {
    let actual = hover_notes(
        r#"
import weakref

class Point:
    __slots__ = ("x", "y")

    def handle(self):
        return weakref.$0ref(self)
"#,
    );
    assert_snapshot!(actual, @r#"
    **Weak references**
    - Does not keep `self` alive: calling the reference returns it, or `None` once it has been collected.
    - `Point` sets `__slots__` without `"__weakref__"`: unless a base class provides it, its instances cannot be weakly referenced.
    "#);
}

#[test]
fn a_local_ref_does_not_hover() {
    check_no_hover(
        r#"
def ref(value):
    return value

x = $0ref(1)
"#,
    );
}
