//! `__init_subclass__` and `__class_getitem__`: when they run and what they receive.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn init_subclass_names_the_keywords_of_subclasses() {
    let actual = hover_notes(
        r#"
class Codec:
    def $0__init_subclass__(cls, name, **kwargs):
        super().__init_subclass__(**kwargs)

class Json(Codec, name="json"):
    pass

class Yaml(Json, name="yaml", metaclass=type):
    pass
"#,
    );
    assert_snapshot!(actual, @r#"
    **`__init_subclass__` and `__class_getitem__`**
    - Runs once for each subclass of `Codec` when its class statement completes, with `cls` bound to the subclass; never for `Codec` itself.
    - It is implicitly a classmethod; subclasses in this file pass it keywords: `Json(..., name="json")`, `Yaml(..., name="yaml")`.
    "#);
}

#[test]
fn init_subclass_without_super() {
    let actual = hover_notes(
        r#"
class Plugin:
    def $0__init_subclass__(cls):
        cls.enabled = True
"#,
    );
    assert_snapshot!(actual, @r"
    **`__init_subclass__` and `__class_getitem__`**
    - Runs once for each subclass of `Plugin` when its class statement completes, with `cls` bound to the subclass; never for `Plugin` itself.
    - It is implicitly a classmethod, and it receives the keywords of the subclass's class statement (except `metaclass`).
    - It does not call `super().__init_subclass__(...)`: hooks of other bases in a subclass's MRO are skipped.
    ");
}

#[test]
fn class_getitem_is_for_type_hints() {
    let actual = hover_notes(
        r#"
class Box:
    def $0__class_getitem__(cls, item):
        return cls
"#,
    );
    assert_snapshot!(actual, @r"
    **`__init_subclass__` and `__class_getitem__`**
    - Makes `Box[...]` work on the class (not its instances); it is implicitly a classmethod, and a metaclass `__getitem__` would win.
    - It is meant for type hints: `Cls[int]` builds an alias and checks nothing about instances.
    ");
}

#[test]
fn a_module_level_hook_does_not_hover() {
    check_no_hover(
        r#"
def $0__init_subclass__(cls):
    return cls
"#,
    );
}
