//! Callable objects: `__call__` on a class, on a metaclass, async, and used as a decorator.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn instances_of_a_class_with_call_are_callable() {
    // A plain `__call__`.
    let actual = hover_notes(
        r#"
class Multiplier:
    def __init__(self, factor):
        self.factor = factor

    def $0__call__(self, value):
        return value * self.factor
"#,
    );
    assert_snapshot!(actual, @r"
    **Callable objects (`__call__`)**
    - Instances of `Multiplier` are callable: `obj(...)` runs `Multiplier.__call__(obj, ...)`, and `callable(obj)` is `True`.
    - Assigning `__call__` on one instance has no effect: `obj(...)` looks the method up on the type.
    ");
}

#[test]
fn async_call_returns_a_coroutine() {
    // `async def __call__`.
    let actual = hover_notes(
        r#"
class Handler:
    async def $0__call__(self, request):
        return request
"#,
    );
    assert_snapshot!(actual, @r"
    **Callable objects (`__call__`)**
    - Instances of `Handler` are callable: `obj(...)` runs `Handler.__call__(obj, ...)`, and `callable(obj)` is `True`.
    - `__call__` is `async def`: calling an instance returns a coroutine that must be awaited.
    - Assigning `__call__` on one instance has no effect: `obj(...)` looks the method up on the type.
    ");
}

#[test]
fn class_used_as_a_decorator_without_get() {
    // `@CountCalls` on a method: no `__get__`, so no `self` binding.
    let actual = hover_notes(
        r#"
class CountCalls:
    def __init__(self, function):
        self.function = function

    def $0__call__(self, *args):
        return self.function(*args)

class Greeter:
    @CountCalls
    def hello(self):
        return "hi"
"#,
    );
    assert_snapshot!(actual, @r"
    **Callable objects (`__call__`)**
    - Instances of `CountCalls` are callable: `obj(...)` runs `CountCalls.__call__(obj, ...)`, and `callable(obj)` is `True`.
    - `CountCalls` is used as a decorator here; without `__get__`, a decorated method gets no `self` when called on an instance.
    ");
}

#[test]
fn class_used_as_a_decorator_with_get() {
    // The same with `__get__`, which binds `self`.
    let actual = hover_notes(
        r#"
import types

class CountCalls:
    def __init__(self, function):
        self.function = function

    def __get__(self, obj, objtype=None):
        return types.MethodType(self, obj)

    def $0__call__(self, *args):
        return self.function(*args)

@CountCalls
def hello():
    return "hi"
"#,
    );
    assert_snapshot!(actual, @r"
    **Callable objects (`__call__`)**
    - Instances of `CountCalls` are callable: `obj(...)` runs `CountCalls.__call__(obj, ...)`, and `callable(obj)` is `True`.
    - `CountCalls` is used as a decorator here; its `__get__` lets a decorated method bind `self`.
    ");
}

#[test]
fn call_on_a_metaclass_runs_when_classes_are_called() {
    // `__call__` of a `type` subclass controls instance creation.
    let actual = hover_notes(
        r#"
class Singleton(type):
    def $0__call__(cls, *args):
        return super().__call__(*args)
"#,
    );
    assert_snapshot!(actual, @r"
    **Callable objects (`__call__`)**
    - `Singleton` is a metaclass, so this `__call__` runs when a class built with `metaclass=Singleton` is called: it decides whether `__new__` and `__init__` run (singletons, caches).
    ");
}

#[test]
fn a_module_level_call_function_is_not_a_callable_object() {
    // Near miss: `__call__` outside a class body.
    check_no_hover(
        r#"
def $0__call__(value):
    return value
"#,
    );
}
