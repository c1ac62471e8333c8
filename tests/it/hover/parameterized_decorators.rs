//! Parameterized decorators: the three layers of a factory, `functools.wraps`, and what a
//! called decorator runs first.

use insta::assert_snapshot;
use pyexplain::settings::Settings;

use crate::support::{check_no_hover, hover_notes, hover_notes_with};

#[test]
fn factory_definition_names_its_three_layers_and_uses_wraps() {
    // Hovered on the outer def: options, decorator, wrapper; `wraps` keeps the metadata.
    let actual = hover_notes(
        r#"
import functools

def $0retry(times):
    def decorator(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            return function(*args, **kwargs)
        return wrapper
    return decorator
"#,
    );
    assert_snapshot!(actual, @r"
    **Decorators with parameters**
    - Three layers: `retry(times)` takes the options, `decorator(function)` receives the decorated function, `wrapper(*args, **kwargs)` runs on every call.
    - `wrapper` uses `functools.wraps`, so the decorated function keeps its `__name__` and `__doc__` and gains `__wrapped__`.
    - Apply it as `@retry(...)`: a bare `@retry` would pass the function itself as the options.
    ");
}

#[test]
fn factory_without_wraps_used_bare_by_mistake() {
    // No `wraps`, and `@repeat` without a call on a later line.
    let actual = hover_notes(
        r#"
def $0repeat(times):
    def decorator(function):
        def wrapper(*args):
            return function(*args)
        return wrapper
    return decorator

@repeat
def hello():
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Decorators with parameters**
    - Three layers: `repeat(times)` takes the options, `decorator(function)` receives the decorated function, `wrapper(*args)` runs on every call.
    - `wrapper` does not use `functools.wraps`: decorated functions report `__name__ == 'wrapper'` and lose their docstring.
    - `@repeat` is used without a call on line 9: the function is passed as the options, and its name is rebound to `decorator`.
    ");
}

#[test]
fn call_of_a_local_factory() {
    // `@retry(3)` on a function: the call runs first, and the factory is defined here.
    let actual = hover_notes(
        r#"
from functools import wraps

def retry(times):
    def decorator(function):
        @wraps(function)
        def wrapper(*args):
            return function(*args)
        return wrapper
    return decorator

@$0retry(3)
def fetch():
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Decorators with parameters**
    - `retry(3)` runs first, when the definition executes; the object it returns then decorates `fetch`.
    - A factory defined here: `retry` → `decorator` → `wrapper`, which runs on every call and uses `functools.wraps`.
    ");
}

#[test]
fn call_of_a_callable_class() {
    // `@Tracer()` builds an instance whose `__call__` receives the function; empty parentheses.
    let actual = hover_notes(
        r#"
class Tracer:
    def __call__(self, function):
        return function

@$0Tracer()
def work():
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Decorators with parameters**
    - `Tracer()` runs first, when the definition executes; the object it returns then decorates `work`.
    - `Tracer(...)` builds an instance here; its `__call__` receives `work`.
    - The empty parentheses matter: a bare `@Tracer` would pass `work` itself as the first argument.
    ");
}

#[test]
fn call_of_a_class_without_call() {
    // A class with no `__call__`: applying the instance fails.
    let actual = hover_notes(
        r#"
class Options:
    def __init__(self, level):
        self.level = level

@$0Options(2)
def work():
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Decorators with parameters**
    - `Options(2)` runs first, when the definition executes; the object it returns then decorates `work`.
    - `Options(...)` builds an instance of a class defined here that has no `__call__`, so applying it fails unless a base provides one.
    ");
}

#[test]
fn call_of_an_imported_decorator_on_a_class() {
    // A decorator from elsewhere, applied to a class.
    let actual = hover_notes(
        r#"
from attr import define

@$0define(frozen=True)
class Point:
    x: int
"#,
    );
    assert_snapshot!(actual, @r"
    **Decorators with parameters**
    - `define(frozen=True)` runs first, when the definition executes; the object it returns then decorates the class `Point`.
    ");
}

#[test]
fn dotted_call_of_a_method() {
    // `@app.route("/")`: the anchor is the last name.
    let actual = hover_notes(
        r#"
@app.$0route("/")
def index():
    return "hi"
"#,
    );
    assert_snapshot!(actual, @r#"
    **Decorators with parameters**
    - `app.route("/")` runs first, when the definition executes; the object it returns then decorates `index`.
    "#);
}

#[test]
fn called_lru_cache_ranks_caching_first_and_falls_back_when_it_is_disabled() {
    // `lru_cache(...)` anchors both topics: caching wins, and with caching disabled this one shows.
    let marked = r#"
import functools

@functools.$0lru_cache(maxsize=256)
def load(name):
    return name
"#;
    assert_snapshot!(hover_notes(marked), @r"
    **`functools.cache` / `lru_cache` / `cached_property`**
    - Effective `maxsize` is 256: beyond that, the least recently used entry is evicted.
    Also: Decorators with parameters (`parameterized-decorators`)
    ");
    let settings = Settings { disabled_topics: ["caching".to_owned()].into(), ..Settings::default() };
    assert_snapshot!(hover_notes_with(marked, &settings), @r"
    **Decorators with parameters**
    - `functools.lru_cache(maxsize=256)` runs first, when the definition executes; the object it returns then decorates `load`.
    ");
}

#[test]
fn a_bare_decorator_is_not_parameterized() {
    // Near miss: `@trace` is not called.
    check_no_hover(
        r#"
def trace(function):
    return function

@$0trace
def work():
    pass
"#,
    );
}
