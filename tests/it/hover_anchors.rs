//! Hover targets added where users hovered and got nothing, and notes that say what this
//! occurrence does: `yield`, `async with`, `metaclass=ABCMeta`, assigned `__enter__`/`__exit__`,
//! `@functools.wraps`, and `dependency-injection` leaving data classes alone.

use crate::support::{check_no_hover, hover_notes};

use insta::assert_snapshot;

#[test]
fn yield_of_a_generator_says_what_it_hands_out() {
    assert_snapshot!(hover_notes("def numbers(limit):\n    for n in range(limit):\n        $0yield n * 2\n"), @r"
    **Generators and lazy evaluation**
    - Each `next()` on `numbers()` runs the body up to here and hands out `n * 2`; the next one resumes right after it.
    ");
}

#[test]
fn yield_whose_value_is_used_receives_send() {
    assert_snapshot!(hover_notes("async def echo():\n    received = $0yield 'ready'\n    print(received)\n"), @r"
    **Generators and lazy evaluation**
    - Each `async for` step (or `anext()`) on `echo()` runs the body up to here and hands out `'ready'`; the next step resumes right after it.
    - The `yield` expression's own value is what the caller passes to `asend()` (`None` after a plain `anext()`).
    ");
}

/// `yield from` stays a `yield-from` anchor only.
#[test]
fn yield_from_is_not_a_lazy_evaluation_anchor() {
    assert_snapshot!(hover_notes("def outer(items):\n    $0yield from items\n"), @r"
    **`yield from` delegation**
    - Delegates to `items`; its return value is discarded.
    - `send()`, `throw()` and `close()` on this generator reach the delegate while it runs, when the delegate has those methods.
    - Closing or abandoning this generator early also closes the delegate when it has a `close()` method, a file included, even if other code still reads from it.
    ");
}

/// A `yield` of a nested def belongs to it, not to the outer function.
#[test]
fn yield_in_a_nested_def_belongs_to_it() {
    let actual = hover_notes("def outer():\n    def inner():\n        $0yield 1\n    return inner\n");
    assert!(actual.contains("`inner()`"), "{actual}");
    assert!(!actual.contains("`outer()`"), "{actual}");
}

#[test]
fn yield_of_a_contextmanager_is_the_with_block() {
    assert_snapshot!(hover_notes(
        "from contextlib import contextmanager\n\n@contextmanager\ndef opened(path):\n    f = open(path)\n    try:\n        $0yield f\n    finally:\n        f.close()\n"
    ), @r"
    **Context managers**
    - `with opened(...) as x` binds `x` to `f`: the code above ran on entry, the block runs now, the code below on exit.
    - It sits in a `try` with `finally`, so the cleanup runs even when the block raises.
    ");
}

#[test]
fn yield_of_an_asynccontextmanager_without_finally_warns() {
    assert_snapshot!(hover_notes(
        "import contextlib\n\n@contextlib.asynccontextmanager\nasync def session():\n    conn = await connect()\n    $0yield conn\n    await conn.close()\n"
    ), @r"
    **Context managers**
    - `async with session(...) as x` binds `x` to `conn`: the code above ran on entry, the block runs now, the code below on exit.
    - An exception in the block is raised here: without `try`/`finally` around this `yield`, the code after it is skipped.
    ");
}

#[test]
fn async_of_async_with_explains_the_statement() {
    assert_snapshot!(hover_notes("async def main(lock):\n    $0async with lock as held:\n        print(held)\n"), @r"
    **Context managers**
    - Enters `lock` and binds what `__aenter__` returns to `held`.
    - `__aexit__` runs when the block ends, even when it raises (both are awaited).
    ");
}

/// A plain `async def`'s `async` is a coroutine anchor, not a context-manager one.
#[test]
fn async_of_async_def_is_not_a_context_manager() {
    let notes = hover_notes("$0async def main():\n    pass\n");
    assert!(notes.starts_with("**Coroutines: `async def` and `await`**") && !notes.contains("Context managers"), "{notes}");
}

#[test]
fn abcmeta_of_metaclass_keyword_lists_the_abstract_methods() {
    assert_snapshot!(hover_notes(
        "from abc import ABCMeta, abstractmethod\n\nclass Store(metaclass=$0ABCMeta):\n    @abstractmethod\n    def get(self, key): ...\n"
    ), @r"
    **Abstract base classes**
    - `Store()` raises `TypeError`: a subclass must implement `get` before it can be instantiated.
    ");
}

/// Another metaclass is not an abstract-base-classes anchor.
#[test]
fn another_metaclass_is_not_an_abc_anchor() {
    check_no_hover("class Meta(type):\n    pass\n\nclass Store(metaclass=$0Meta):\n    pass\n");
}

#[test]
fn assigned_enter_and_exit_make_a_context_manager() {
    assert_snapshot!(hover_notes(
        "class $0Semaphore:\n    def acquire(self):\n        return True\n\n    def release(self, *args):\n        pass\n\n    __enter__ = acquire\n    __exit__ = release\n"
    ), @r"
    **Context managers**
    - Instances of `Semaphore` work in `with`.
    - `__exit__` returns nothing truthy, so exceptions from the block propagate.
    - `__enter__` is `acquire`, assigned in the class body.
    ");
    // `threading`'s shape: `__enter__` assigned, `__exit__` defined.
    assert_snapshot!(hover_notes(
        "class $0Condition:\n    def acquire(self):\n        return True\n\n    __enter__ = acquire\n\n    def __exit__(self, *args):\n        return self.release()\n"
    ), @r"
    **Context managers**
    - Instances of `Condition` work in `with`.
    - `__exit__` can return a truthy value: on those paths it suppresses the block's exception.
    - `__enter__` is `acquire`, assigned in the class body.
    ");
}

/// Only `__enter__` without `__exit__` is not a context manager.
#[test]
fn assigned_enter_alone_is_not_a_context_manager() {
    check_no_hover("class $0Half:\n    def acquire(self):\n        return True\n\n    __enter__ = acquire\n");
}

#[test]
fn functools_wraps_says_what_it_copies_and_sets() {
    assert_snapshot!(hover_notes(
        "import functools\n\ndef logged(func):\n    @functools.$0wraps(func)\n    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n    return wrapper\n"
    ), @r"
    **Decorators with parameters**
    - Copies `__module__`, `__name__`, `__qualname__`, `__doc__` and `__annotations__` (and `__type_params__` since 3.12) from `func` onto `wrapper`, and updates `wrapper`'s `__dict__` with `func`'s.
    - Sets `__wrapped__` to `func`: `inspect.signature` and `inspect.unwrap` follow it, so the wrapper reports `func`'s parameters.
    - Calls are unchanged: only the wrapper's attributes are.
    ");
}

/// Another parameterized decorator keeps the generic note.
#[test]
fn another_called_decorator_keeps_the_generic_note() {
    assert_snapshot!(hover_notes("import functools\n\n@functools.$0lru_cache(maxsize=32)\ndef square(x):\n    return x * x\n"), @r"
    **`functools.cache` / `lru_cache` / `cached_property`**
    - Effective `maxsize` is 32: beyond that, the least recently used entry is evicted.
    Also: Decorators with parameters (`parameterized-decorators`)
    ");
}

/// The hover on `@abstractmethod` agrees with the diagnostic when a subscripted base is defined
/// in the file, as typing.py's `IO(Generic[AnyStr])`.
#[test]
fn abstractmethod_hover_agrees_with_the_diagnostic_over_a_local_generic() {
    assert_snapshot!(hover_notes(
        "from abc import abstractmethod\n\nclass Generic:\n    pass\n\nclass IO(Generic[str]):\n    @$0abstractmethod\n    def read(self): ...\n"
    ), @r"
    **Abstract base classes**
    - `IO` has no `ABC` base or `ABCMeta` metaclass, so `@abstractmethod` is ignored here and `IO()` still works.
    **Pitfall** (`abstractmethod-without-abc`): `@abstractmethod` is ignored here: without an `ABCMeta` metaclass the class can still be instantiated.
    ");
}

#[test]
fn dependency_injection_skips_typed_dicts_and_keeps_collaborators() {
    assert_snapshot!(hover_notes(
        "import typing\n\nclass _AsyncBackend(typing.TypedDict):\n    backend: str\n\nclass Transport:\n    def send(self, data):\n        return data\n\nclass TestClient:\n    def $0__init__(self, backend='asyncio'):\n        self.async_backend = _AsyncBackend(backend=backend)\n        self.transport = Transport()\n"
    ), @r"
    **Dependency injection**
    - Builds its collaborator itself: `self.transport = Transport()`.
    - Taking `transport: Transport` as a parameter instead lets callers and tests pass another implementation.
    ");
}
