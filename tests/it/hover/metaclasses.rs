//! Metaclasses: the `metaclass=` keyword and classes deriving from `type`, with the hooks they define.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn metaclass_keyword_names_the_hooks_of_a_local_metaclass() {
    // `Registry` defines `__new__` only: `__init_subclass__` could do the same.
    let actual = hover_notes(
        r#"
class Registry(type):
    classes = []

    def __new__(mcls, name, bases, namespace):
        cls = super().__new__(mcls, name, bases, namespace)
        mcls.classes.append(cls)
        return cls

class Plugin($0metaclass=Registry):
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Metaclasses**
    - `Registry` builds `Plugin`: `Plugin` is an instance of `Registry`, and so are its subclasses.
    - `Registry` defines `__new__`: when it only registers or checks subclasses, `__init_subclass__` (3.6+) does the same without a metaclass.
    ");
}

#[test]
fn class_deriving_from_type_is_a_metaclass() {
    // Hovered on the metaclass itself, which defines `__call__`.
    let actual = hover_notes(
        r#"
class $0Singleton(type):
    _instances = {}

    def __call__(cls, *args, **kwargs):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__(*args, **kwargs)
        return cls._instances[cls]
"#,
    );
    assert_snapshot!(actual, @r"
    **Metaclasses**
    - `Singleton` derives from `type`, so it is a metaclass: classes built with `metaclass=Singleton` are its instances.
    - `Singleton` defines `__call__`.
    ");
}

#[test]
fn metaclass_that_overrides_no_hook() {
    // A metaclass without `__new__`, `__init__`, `__prepare__` or `__call__`.
    let actual = hover_notes(
        r#"
class $0Meta(type):
    def describe(cls):
        return cls.__name__
"#,
    );
    assert_snapshot!(actual, @r"
    **Metaclasses**
    - `Meta` derives from `type`, so it is a metaclass: classes built with `metaclass=Meta` are its instances.
    - `Meta` overrides none of `__new__`, `__init__`, `__prepare__`, `__call__`.
    ");
}

#[test]
fn abcmeta_keyword() {
    // `metaclass=ABCMeta` tracks abstract methods.
    let actual = hover_notes(
        r#"
from abc import ABCMeta

class Base($0metaclass=ABCMeta):
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Metaclasses**
    - `ABCMeta` builds `Base`: `Base` is an instance of `ABCMeta`, and so are its subclasses.
    - `ABCMeta` tracks `@abstractmethod`s and adds `register()` for virtual subclasses.
    ");
}

#[test]
fn enum_metaclass_through_an_alias() {
    // The alias case: `import enum as e`, `metaclass=e.EnumMeta`.
    let actual = hover_notes(
        r#"
import enum as e

class Color(e.Enum, $0metaclass=e.EnumMeta):
    RED = 1
"#,
    );
    assert_snapshot!(actual, @r"
    **Metaclasses**
    - `e.EnumMeta` builds `Color`: `Color` is an instance of `e.EnumMeta`, and so are its subclasses.
    - The enum metaclass turns plain class attributes into members; methods, descriptors such as `property`, `__dunder__` names and the names listed in `_ignore_` stay ordinary attributes.
    ");
}

#[test]
fn metaclass_from_another_module() {
    // Its hooks are not known here.
    let actual = hover_notes(
        r#"
from orm import ModelMeta

class User($0metaclass=ModelMeta):
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Metaclasses**
    - `ModelMeta` builds `User`: `User` is an instance of `ModelMeta`, and so are its subclasses.
    - `ModelMeta` is defined elsewhere; its `__new__`/`__init__` run when this class statement executes.
    ");
}

#[test]
fn an_ordinary_class_is_not_a_metaclass() {
    // Near miss: a plain base class.
    check_no_hover(
        r#"
class Base:
    pass

class $0Child(Base):
    pass
"#,
    );
}
