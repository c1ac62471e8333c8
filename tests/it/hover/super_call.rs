//! `super`: the form of the call, the MRO it searches and the class whose method it reaches.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover, hover_notes};

#[test]
fn zero_argument_call_reaches_the_next_class_and_a_diamond_subclass_changes_it() {
    // In `B` the call reaches `A.greet`, but from `D(B, C)` the MRO puts `C` between `B` and `A`.
    let actual = hover(
        r#"
class A:
    def greet(self):
        return "A"

class B(A):
    def greet(self):
        return $0super().greet()

class C(A):
    def greet(self):
        return "C"

class D(B, C):
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**

    Delegates to the next class in the MRO of `type(self)`, which is not always the parent class.

    - Zero-argument form: Python supplies the enclosing class `B` (the `__class__` cell) and the first argument `self`.
    - MRO of `B`: `B`, `A`, `object`; there `super().greet` reaches `A.greet`.
    - From a subclass the MRO of `type(self)` decides: for `D` (MRO `D`, `B`, `C`, `A`, `object`) the call reaches `C.greet`.

    [Python docs](https://docs.python.org/3/library/functions.html#super)
    ");
}

#[test]
fn diamond_subclass_reaches_the_sibling_not_the_base() {
    // Hovered in `D` itself: the MRO of `D` is D, B, C, A, object, so `super().greet` is `B.greet`.
    let actual = hover_notes(
        r#"
class A:
    def greet(self):
        return "A"

class B(A):
    def greet(self):
        return "B"

class C(A):
    def greet(self):
        return "C"

class D(B, C):
    def greet(self):
        return $0super().greet()
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - Zero-argument form: Python supplies the enclosing class `D` (the `__class__` cell) and the first argument `self`.
    - MRO of `D`: `D`, `B`, `C`, `A`, `object`; there `super().greet` reaches `B.greet`.
    - From a subclass the MRO of `type(self)` decides, so the class reached can change.
    ");
}

#[test]
fn classmethod_searches_the_mro_of_cls() {
    // In a classmethod the searched class is `cls`, not `type(self)`.
    let actual = hover_notes(
        r#"
class Base:
    @classmethod
    def create(cls):
        return cls()

class Child(Base):
    @classmethod
    def create(cls):
        return $0super().create()
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - Zero-argument form: Python supplies the enclosing class `Child` (the `__class__` cell) and the first argument `cls`.
    - MRO of `Child`: `Child`, `Base`, `object`; there `super().create` reaches `Base.create`.
    - From a subclass the MRO of `cls` decides, so the class reached can change.
    ");
}

#[test]
fn two_argument_form_naming_a_base_skips_classes() {
    // `super(B, self)` in `C(B)` starts after `B`, skipping `B.setup`.
    let actual = hover_notes(
        r#"
class A:
    def setup(self):
        pass

class B(A):
    def setup(self):
        pass

class C(B):
    def setup(self):
        $0super(B, self).setup()
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - Explicit form: the search starts after `B` in the MRO of `type(self)`. Naming `B` instead of `C` skips the classes up to and including `B`.
    - MRO of `C`: `C`, `B`, `A`, `object`; there `super(B, self).setup` reaches `A.setup`.
    - From a subclass the MRO of `type(self)` decides, so the class reached can change.
    ");
}

#[test]
fn two_argument_form_naming_the_own_class_is_plain_super() {
    // `super(B, self)` inside `B` is what `super()` does.
    let actual = hover_notes(
        r#"
class A:
    def setup(self):
        pass

class B(A):
    def setup(self):
        $0super(B, self).setup()
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - Explicit form: the search starts after `B` in the MRO of `type(self)`. Here it is the same as `super()`, which Python 3 allows.
    - MRO of `B`: `B`, `A`, `object`; there `super(B, self).setup` reaches `A.setup`.
    - From a subclass the MRO of `type(self)` decides, so the class reached can change.
    **Pitfall** (`super-with-arguments`): `super(Cls, self)` repeats what the compiler already knows: zero-argument `super()` is equivalent here.
    ");
}

#[test]
fn two_argument_form_with_type_of_self_recurses() {
    // `super(type(self), self)` starts after the instance's class: from a subclass it loops.
    let actual = hover_notes(
        r#"
class A:
    def setup(self):
        pass

class B(A):
    def setup(self):
        $0super(type(self), self).setup()
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - `super(type(self), self)` starts after the class of the instance, so from a subclass it finds this same method again and recurses forever; name the class or use `super()`.
    ");
}

#[test]
fn method_missing_later_in_the_mro_is_an_attribute_error() {
    // No class after `B` defines `missing`.
    let actual = hover_notes(
        r#"
class A:
    pass

class B(A):
    def missing(self):
        return $0super().missing()
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - Zero-argument form: Python supplies the enclosing class `B` (the `__class__` cell) and the first argument `self`.
    - MRO of `B`: `B`, `A`, `object`; there `super().missing` finds no later class defining it (`AttributeError`).
    - From a subclass the MRO of `type(self)` decides, so the class reached can change.
    ");
}

#[test]
fn staticmethod_has_no_first_argument() {
    // A staticmethod gets neither instance nor class.
    let actual = hover_notes(
        r#"
class A:
    @staticmethod
    def make():
        return $0super().make()
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - A `@staticmethod` gets no instance or class, so zero-argument `super()` fails here; use `super(Cls, obj)`.
    ");
}

#[test]
fn function_outside_a_class_has_no_class_cell() {
    // A plain function has no `__class__` cell.
    let actual = hover_notes(
        r#"
def helper(self):
    return $0super().run()
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - `helper` is not defined in a class body, so zero-argument `super()` raises `RuntimeError: super(): __class__ cell not found`.
    ");
}

#[test]
fn nested_function_uses_its_own_first_argument() {
    // The inner def's first parameter, not the method's `self`, becomes the second argument.
    let actual = hover_notes(
        r#"
class A:
    def run(self):
        def step(item):
            return $0super().run()
        return step
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - Inside the nested `step`, zero-argument `super()` uses `step`'s first argument `item` instead of the method's; write `super(A, self)` there.
    ");
}

#[test]
fn generator_expression_gets_the_wrong_first_argument() {
    // A generator expression is its own scope whose first argument is the iterator.
    let actual = hover_notes(
        r#"
class A(list):
    def total(self):
        return list($0super().__len__() for _ in range(1))
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - Inside a generator expression, zero-argument `super()` gets the wrong first argument and fails; call it outside the expression.
    ");
}

#[test]
fn list_comprehension_works_only_from_3_12() {
    // PEP 709 inlines list comprehensions from 3.12, so `super()` there gets the method's arguments.
    let actual = hover_notes(
        r#"
class A(list):
    def sizes(self):
        return [$0super().__len__() for _ in range(1)]
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - Zero-argument form: Python supplies the enclosing class `A` (the `__class__` cell) and the first argument `self`. Inside a comprehension this works only on Python 3.12+ (PEP 709).
    - MRO of `A`: `A`, `list`, `object`; there `super().__len__` reaches `list.__len__`.
    - From a subclass the MRO of `type(self)` decides, so the class reached can change.
    ");
}

#[test]
fn inconsistent_bases_are_a_type_error() {
    // `class C(A, B)` with `B(A)`: C3 cannot put `A` before `B`.
    let actual = hover_notes(
        r#"
class A:
    pass

class B(A):
    pass

class C(A, B):
    def run(self):
        return $0super().run()
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - Zero-argument form: Python supplies the enclosing class `C` (the `__class__` cell) and the first argument `self`.
    - C3 cannot order the bases of `C`: its class statement raises `TypeError: Cannot create a consistent method resolution order (MRO)`.
    ");
}

#[test]
fn base_from_another_module_makes_the_mro_unknown() {
    // The MRO of a class with an imported base is not known from this file.
    let actual = hover_notes(
        r#"
from models import Model

class User(Model):
    def save(self):
        return $0super().save()
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - Zero-argument form: Python supplies the enclosing class `User` (the `__class__` cell) and the first argument `self`.
    - `Model` comes from elsewhere, so the MRO of `User` and the class the call reaches are unknown here.
    ");
}

#[test]
fn exception_subclass_reaches_exception_init() {
    // `Exception` is a well-known class: `super().__init__` reaches `Exception.__init__`.
    let actual = hover_notes(
        r#"
class AppError(Exception):
    def __init__(self, message):
        $0super().__init__(message)
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - Zero-argument form: Python supplies the enclosing class `AppError` (the `__class__` cell) and the first argument `self`.
    - MRO of `AppError`: `AppError`, `Exception`, `BaseException`, `object`; there `super().__init__` reaches `Exception.__init__`.
    - From a subclass the MRO of `type(self)` decides, so the class reached can change.
    ");
}

#[test]
fn three_arguments_are_a_type_error() {
    // `super()` takes at most two arguments.
    let actual = hover_notes(
        r#"
class A:
    def run(self):
        return $0super(A, self, 1)
"#,
    );
    assert_snapshot!(actual, @r"
    **`super()` and the MRO**
    - `super()` takes at most two arguments: this call raises `TypeError`.
    ");
}

#[test]
fn a_method_named_super_or_a_local_super_is_not_the_builtin() {
    // Near misses: an attribute call and a shadowing local name.
    check_no_hover(
        r#"
class A:
    def run(self):
        return self.$0super()
"#,
    );
    check_no_hover(
        r#"
def super():
    return 1

def run():
    return $0super()
"#,
    );
}
