//! Abstract base classes: the methods still abstract, what subclasses here lack, and when
//! `@abstractmethod` is enforced at all.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn abc_lists_its_abstract_methods_and_what_each_subclass_still_lacks() {
    // `Shape` has two abstract methods; `Square` implements both, `Circle` only one.
    let actual = hover_notes(
        r#"
from abc import ABC, abstractmethod

class $0Shape(ABC):
    @abstractmethod
    def area(self): ...

    @abstractmethod
    def perimeter(self): ...

class Square(Shape):
    def area(self):
        return 1

    def perimeter(self):
        return 4

class Circle(Shape):
    def area(self):
        return 3
"#,
    );
    assert_snapshot!(actual, @r"
    **Abstract base classes**
    - `Shape()` raises `TypeError`: a subclass must implement `area`, `perimeter` before it can be instantiated.
    - Subclasses here: `Square` implements everything; `Circle` still lacks `perimeter`.
    ");
}

#[test]
fn subclass_that_lacks_a_method_is_still_abstract() {
    // Hovered on the intermediate ABC subclass: `perimeter` is still abstract there.
    let actual = hover_notes(
        r#"
import abc

class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...

    @abc.abstractmethod
    def perimeter(self): ...

class $0Partial(Shape, abc.ABC):
    def area(self):
        return 1
"#,
    );
    assert_snapshot!(actual, @r"
    **Abstract base classes**
    - `Partial()` raises `TypeError`: a subclass must implement `perimeter` before it can be instantiated.
    ");
}

#[test]
fn metaclass_abcmeta_makes_an_abc() {
    // `metaclass=ABCMeta` instead of an `ABC` base; the class name is the anchor.
    let actual = hover_notes(
        r#"
from abc import ABCMeta, abstractmethod

class $0Plugin(metaclass=ABCMeta):
    @abstractmethod
    def run(self): ...
"#,
    );
    assert_snapshot!(actual, @r"
    **Abstract base classes**
    - `Plugin()` raises `TypeError`: a subclass must implement `run` before it can be instantiated.
    ");
}

#[test]
fn abc_without_abstract_methods_can_be_instantiated() {
    // No `@abstractmethod`: `Marker()` works.
    let actual = hover_notes(
        r#"
from abc import ABC

class $0Marker(ABC):
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Abstract base classes**
    - `Marker` declares no `@abstractmethod`, so it can be instantiated; `ABCMeta` still adds `register()` for virtual subclasses.
    ");
}

#[test]
fn abstractmethod_says_which_subclasses_implement_it() {
    // On the decorator: `run` is implemented in `Fast`, still missing in `Slow`.
    let actual = hover_notes(
        r#"
from abc import ABC, abstractmethod

class Job(ABC):
    @$0abstractmethod
    def run(self): ...

class Fast(Job):
    def run(self):
        return 1

class Slow(Job):
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Abstract base classes**
    - `run` is abstract in `Job`: a subclass must override it before it can be instantiated.
    - Subclasses here: implemented in `Fast`; still missing in `Slow`.
    ");
}

#[test]
fn abstractmethod_without_abcmeta_is_ignored() {
    // A plain class: the decorator is not enforced and `Job()` works.
    let actual = hover_notes(
        r#"
from abc import abstractmethod

class Job:
    @$0abstractmethod
    def run(self): ...
"#,
    );
    assert_snapshot!(actual, @r"
    **Abstract base classes**
    - `Job` has no `ABC` base or `ABCMeta` metaclass, so `@abstractmethod` is ignored here and `Job()` still works.
    **Pitfall** (`abstractmethod-without-abc`): `@abstractmethod` is ignored here: without an `ABCMeta` metaclass the class can still be instantiated.
    ");
}

#[test]
fn abstractmethod_above_property_raises() {
    // `@abstractmethod` applied to a property object fails when the class body runs.
    let actual = hover_notes(
        r#"
from abc import ABC, abstractmethod

class Sized(ABC):
    @$0abstractmethod
    @property
    def size(self): ...
"#,
    );
    // Pins that the wrong order is the only note: the class statement never completes.
    assert_snapshot!(actual, @r"
    **Abstract base classes**
    - Wrong order: `@abstractmethod` above `@property` makes the `Sized` class statement raise `AttributeError` (a property's `__isabstractmethod__` is read-only); `@property` must be the outer decorator.
    ");
}

#[test]
fn property_above_abstractmethod_is_the_right_order() {
    // `@property` outermost: an abstract property, no order note.
    let actual = hover_notes(
        r#"
from abc import ABC, abstractmethod

class Sized(ABC):
    @property
    @$0abstractmethod
    def size(self): ...
"#,
    );
    assert_snapshot!(actual, @r"
    **Abstract base classes**
    - `size` is abstract in `Sized`: a subclass must override it before it can be instantiated.
    ");
}

#[test]
fn abstractmethod_with_a_base_from_elsewhere() {
    // The ABC-ness of an imported base is unknown here.
    let actual = hover_notes(
        r#"
import abc
from plugins import Base

class Job(Base):
    @abc.$0abstractmethod
    def run(self): ...
"#,
    );
    assert_snapshot!(actual, @r"
    **Abstract base classes**
    - `run` is abstract only if `Job` gets `ABCMeta` from a base defined elsewhere (`Protocol` and `collections.abc` bases do).
    ");
}

#[test]
fn aliased_abc_module() {
    // The alias case: `import abc as a`.
    let actual = hover_notes(
        r#"
import abc as a

class $0Store(a.ABC):
    @a.abstractmethod
    def get(self, key): ...
"#,
    );
    assert_snapshot!(actual, @r"
    **Abstract base classes**
    - `Store()` raises `TypeError`: a subclass must implement `get` before it can be instantiated.
    ");
}

#[test]
fn a_class_named_abc_from_elsewhere_is_not_abc() {
    // Near miss: `ABC` imported from another module.
    check_no_hover(
        r#"
from mylib import ABC

class $0Thing(ABC):
    pass
"#,
    );
}
