//! Descriptors: data or non-data, what each dunder runs on, and `property` with or without setter.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover, hover_notes};

#[test]
fn get_and_set_make_a_data_descriptor_used_as_a_class_attribute() {
    // `__set__` makes it a data descriptor; `Model.name` is where it is used.
    let actual = hover(
        r#"
class Field:
    def __get__(self, obj, objtype=None):
        return obj.__dict__["_field"]

    def $0__set__(self, obj, value):
        obj.__dict__["_field"] = value

class Model:
    name = Field()
"#,
    );
    assert_snapshot!(actual, @r"
    **Descriptors**

    A class attribute whose type defines `__get__`, `__set__` or `__delete__` takes over attribute access on instances.

    - `Field` is a data descriptor (it defines `__set__`): as a class attribute it takes precedence over the instance `__dict__`.
    - `__set__(obj, value)` runs on `owner_instance.attr = value` instead of a write to the instance `__dict__`.
    - Used as a class attribute here: `Model.name`.

    [Python docs](https://docs.python.org/3/howto/descriptor.html)
    ");
}

#[test]
fn only_get_makes_a_non_data_descriptor() {
    // Without `__set__`/`__delete__`, an instance `__dict__` entry wins.
    let actual = hover_notes(
        r#"
class Lazy:
    def $0__get__(self, obj, objtype=None):
        return 42
"#,
    );
    assert_snapshot!(actual, @r"
    **Descriptors**
    - `Lazy` is a non-data descriptor (only `__get__`): an entry of the same name in the instance `__dict__` wins over it.
    - `__get__(obj, objtype)` runs on `owner_instance.attr` and on `Owner.attr`, where `obj` is `None`.
    ");
}

#[test]
fn delete_without_get_is_a_data_descriptor_that_reads_the_instance() {
    // `__delete__` alone is enough for a data descriptor; reads fall back to the instance.
    let actual = hover_notes(
        r#"
class Guard:
    def $0__delete__(self, obj):
        raise AttributeError("cannot delete")
"#,
    );
    assert_snapshot!(actual, @r"
    **Descriptors**
    - `Guard` is a data descriptor (it defines `__delete__`): as a class attribute it takes precedence over the instance `__dict__`.
    - Without `__get__`, reads find the instance `__dict__` entry, or the descriptor itself when there is none.
    - `__delete__(obj)` runs on `del owner_instance.attr`.
    ");
}

#[test]
fn set_name_alone_is_not_a_descriptor() {
    // `__set_name__` runs at class creation but does not make a descriptor.
    let actual = hover_notes(
        r#"
class Named:
    def $0__set_name__(self, owner, name):
        self.name = name

class Form:
    title = Named()
"#,
    );
    assert_snapshot!(actual, @r"
    **Descriptors**
    - `Named` defines `__set_name__` but none of `__get__`, `__set__`, `__delete__`, so it is not a descriptor; the hook still runs for its instances in class bodies.
    - `__set_name__(owner, name)` runs once per class attribute when the owning class is created (3.6+, PEP 487), not for attributes added later.
    - Used as a class attribute here: `Form.title`.
    ");
}

#[test]
fn set_name_on_a_data_descriptor() {
    // The hook of a full descriptor: data, and run once per class attribute.
    let actual = hover_notes(
        r#"
class Typed:
    def $0__set_name__(self, owner, name):
        self.private = "_" + name

    def __get__(self, obj, objtype=None):
        return getattr(obj, self.private)

    def __set__(self, obj, value):
        setattr(obj, self.private, value)
"#,
    );
    assert_snapshot!(actual, @r"
    **Descriptors**
    - `Typed` is a data descriptor (it defines `__set__`): as a class attribute it takes precedence over the instance `__dict__`.
    - `__set_name__(owner, name)` runs once per class attribute when the owning class is created (3.6+, PEP 487), not for attributes added later.
    ");
}

#[test]
fn inherited_set_makes_a_subclass_a_data_descriptor() {
    // `__set__` defined on the base counts for the subclass too.
    let actual = hover_notes(
        r#"
class Base:
    def __set__(self, obj, value):
        pass

class Reader(Base):
    def $0__get__(self, obj, objtype=None):
        return 1
"#,
    );
    assert_snapshot!(actual, @r"
    **Descriptors**
    - `Reader` is a data descriptor (it defines `__set__`): as a class attribute it takes precedence over the instance `__dict__`.
    - `__get__(obj, objtype)` runs on `owner_instance.attr` and on `Owner.attr`, where `obj` is `None`.
    ");
}

#[test]
fn property_without_setter_rejects_assignment() {
    // No `@area.setter`: assigning raises AttributeError.
    let actual = hover_notes(
        r#"
class Square:
    @$0property
    def area(self):
        return self.side ** 2
"#,
    );
    assert_snapshot!(actual, @r#"
    **Descriptors**
    - `property` makes `area` a data descriptor on `Square`: it takes precedence over a `area` entry in the instance `__dict__`, setter or not.
    - No `@area.setter` here: `obj.area = value` raises `AttributeError` ("has no setter" since 3.11).
    - `Square.area` on the class returns the `property` object itself.
    "#);
}

#[test]
fn property_with_setter() {
    // The setter below runs on assignment.
    let actual = hover_notes(
        r#"
class Temperature:
    @$0property
    def celsius(self):
        return self._celsius

    @celsius.setter
    def celsius(self, value):
        self._celsius = value
"#,
    );
    assert_snapshot!(actual, @r"
    **Descriptors**
    - `property` makes `celsius` a data descriptor on `Temperature`: it takes precedence over a `celsius` entry in the instance `__dict__`, setter or not.
    - The `@celsius.setter` here runs on `obj.celsius = value`.
    - `Temperature.celsius` on the class returns the `property` object itself.
    ");
}

#[test]
fn property_outside_a_class_body() {
    // A property object only acts once stored on a class.
    let actual = hover_notes(
        r#"
@$0property
def orphan(self):
    return 1
"#,
    );
    assert_snapshot!(actual, @r"
    **Descriptors**
    - Outside a class body, `property` builds a property object that acts only once stored as a class attribute.
    ");
}

#[test]
fn dotted_builtins_property_is_the_builtin() {
    // The alias case: `builtins.property` resolves to the builtin.
    let actual = hover_notes(
        r#"
import builtins

class Box:
    @builtins.$0property
    def size(self):
        return 1
"#,
    );
    assert_snapshot!(actual, @r#"
    **Descriptors**
    - `property` makes `size` a data descriptor on `Box`: it takes precedence over a `size` entry in the instance `__dict__`, setter or not.
    - No `@size.setter` here: `obj.size = value` raises `AttributeError` ("has no setter" since 3.11).
    - `Box.size` on the class returns the `property` object itself.
    "#);
}

#[test]
fn a_module_level_get_or_a_local_property_is_no_descriptor() {
    // Near misses: `__get__` outside a class body, and a `property` defined here.
    check_no_hover(
        r#"
def $0__get__(self, obj, objtype=None):
    return 1
"#,
    );
    check_no_hover(
        r#"
def property(function):
    return function

class Box:
    @$0property
    def size(self):
        return 1
"#,
    );
}
