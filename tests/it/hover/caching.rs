//! Caching: the effective `maxsize`, `typed`, the method pitfall and `cached_property`.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover, hover_notes};

#[test]
fn bare_lru_cache_has_maxsize_128() {
    // `@lru_cache` without a call: the default maxsize.
    let actual = hover(
        r#"
from functools import lru_cache

@$0lru_cache
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
"#,
    );
    assert_snapshot!(actual, @r"
    **`functools.cache` / `lru_cache` / `cached_property`**

    Memoize results: `lru_cache` keeps the least recently used calls, `cache` keeps all, `cached_property` one per object.

    - Effective `maxsize` is 128, the default: beyond that, the least recently used entry is evicted.

    [Python docs](https://docs.python.org/3/library/functools.html#functools.lru_cache)
    ");
}

#[test]
fn lru_cache_called_without_arguments_has_maxsize_128() {
    // `@lru_cache()` is the same default.
    let actual = hover_notes(
        r#"
import functools

@functools.$0lru_cache()
def load(name):
    return name
"#,
    );
    assert_snapshot!(actual, @r"
    **`functools.cache` / `lru_cache` / `cached_property`**
    - Effective `maxsize` is 128, the default: beyond that, the least recently used entry is evicted.
    Also: Decorators with parameters (`parameterized-decorators`)
    ");
}

#[test]
fn maxsize_none_is_unbounded() {
    // `maxsize=None` never evicts.
    let actual = hover_notes(
        r#"
from functools import lru_cache

@$0lru_cache(maxsize=None)
def load(name):
    return name
"#,
    );
    assert_snapshot!(actual, @r"
    **`functools.cache` / `lru_cache` / `cached_property`**
    - Unbounded (`maxsize=None`): every distinct call's result is kept, nothing is evicted.
    **Pitfall** (`lru-cache-maxsize-none`): `lru_cache(maxsize=None)` is an unbounded cache, which `functools.cache` (3.9+) spells directly.
    Also: Decorators with parameters (`parameterized-decorators`)
    ");
}

#[test]
fn cache_is_unbounded() {
    // `functools.cache` is `lru_cache(maxsize=None)`.
    let actual = hover_notes(
        r#"
from functools import cache

@$0cache
def load(name):
    return name
"#,
    );
    assert_snapshot!(actual, @r"
    **`functools.cache` / `lru_cache` / `cached_property`**
    - Unbounded (`lru_cache(maxsize=None)`, 3.9+): every distinct call's result is kept, nothing is evicted.
    ");
}

#[test]
fn positional_maxsize_and_typed_through_an_alias() {
    // The alias case, `import functools as ft`, with `maxsize` given positionally and `typed=True`.
    let actual = hover_notes(
        r#"
import functools as ft

@ft.$0lru_cache(32, typed=True)
def scale(x):
    return x * 2
"#,
    );
    assert_snapshot!(actual, @r"
    **`functools.cache` / `lru_cache` / `cached_property`**
    - Effective `maxsize` is 32: beyond that, the least recently used entry is evicted.
    - `typed=True`: arguments of different types, such as `3` and `3.0`, are cached separately.
    Also: Decorators with parameters (`parameterized-decorators`)
    ");
}

#[test]
fn maxsize_zero_caches_nothing() {
    // `maxsize=0` keeps no entry at all.
    let actual = hover_notes(
        r#"
from functools import lru_cache

@$0lru_cache(maxsize=0)
def load(name):
    return name
"#,
    );
    assert_snapshot!(actual, @r"
    **`functools.cache` / `lru_cache` / `cached_property`**
    - `maxsize` 0 or less caches nothing: every call runs the function and only the statistics are updated.
    Also: Decorators with parameters (`parameterized-decorators`)
    ");
}

#[test]
fn maxsize_from_a_name_is_evaluated_once() {
    // A non-literal maxsize is evaluated when the decorator runs.
    let actual = hover_notes(
        r#"
from functools import lru_cache

SIZE = 64

@$0lru_cache(maxsize=SIZE)
def load(name):
    return name
"#,
    );
    assert_snapshot!(actual, @r"
    **`functools.cache` / `lru_cache` / `cached_property`**
    - `maxsize` is `SIZE`, evaluated once when the decorator runs; `None` would make it unbounded.
    Also: Decorators with parameters (`parameterized-decorators`)
    ");
}

#[test]
fn lru_cache_on_a_method_keeps_instances_alive() {
    // On a method `self` is part of the key; the bounded cache keeps instances until eviction.
    let actual = hover_notes(
        r#"
from functools import lru_cache

class Client:
    @$0lru_cache(maxsize=16)
    def fetch(self, url):
        return url
"#,
    );
    assert_snapshot!(actual, @r"
    **`functools.cache` / `lru_cache` / `cached_property`**
    - Effective `maxsize` is 16: beyond that, the least recently used entry is evicted.
    - On a method the cache lives on the class and `self` is part of every key, so instances stay alive until their entries are evicted; prefer `cached_property` or a module-level cached function.
    **Pitfall** (`lru-cache-on-method`): `lru_cache`/`cache` on a method: one class-wide cache keys on `self` and keeps instances alive.
    Also: Decorators with parameters (`parameterized-decorators`)
    ");
}

#[test]
fn cache_on_a_staticmethod_has_no_instance_in_the_key() {
    // A staticmethod under the cache: no method-lifetime note.
    let actual = hover_notes(
        r#"
import functools

class Parser:
    @staticmethod
    @functools.$0cache
    def grammar(name):
        return name
"#,
    );
    assert_snapshot!(actual, @r"
    **`functools.cache` / `lru_cache` / `cached_property`**
    - Unbounded (`lru_cache(maxsize=None)`, 3.9+): every distinct call's result is kept, nothing is evicted.
    ");
}

#[test]
fn cached_property_stores_in_the_instance_dict() {
    // Computed once per instance, then read from `__dict__`.
    let actual = hover_notes(
        r#"
from functools import cached_property

class Report:
    @$0cached_property
    def total(self):
        return sum(self.rows)
"#,
    );
    assert_snapshot!(actual, @r"
    **`functools.cache` / `lru_cache` / `cached_property`**
    - `total` is computed on the first read of `obj.total` and stored in the instance `__dict__`; later reads skip the getter, and `del obj.total` makes the next read compute it again.
    - From 3.12 it has no lock: threads reading it at the same time may each run the getter.
    ");
}

#[test]
fn cached_property_with_slots_and_no_dict_fails() {
    // `__slots__` without `__dict__`: there is no instance dict to store into.
    let actual = hover_notes(
        r#"
from functools import cached_property

class Point:
    __slots__ = ("x", "y")

    @$0cached_property
    def norm(self):
        return (self.x ** 2 + self.y ** 2) ** 0.5
"#,
    );
    assert_snapshot!(actual, @r"
    **`functools.cache` / `lru_cache` / `cached_property`**
    - `norm` is computed on the first read of `obj.norm` and stored in the instance `__dict__`; later reads skip the getter, and `del obj.norm` makes the next read compute it again.
    - This class defines `__slots__` without `__dict__`, so reading the property raises TypeError.
    - From 3.12 it has no lock: threads reading it at the same time may each run the getter.
    ");
}

#[test]
fn a_local_lru_cache_is_not_functools() {
    // Near miss: a decorator of the same name defined here.
    check_no_hover(
        r#"
def lru_cache(function):
    return function

@$0lru_cache
def load(name):
    return name
"#,
    );
}
