//! The teaching rewrites (`refactor.rewrite` code actions): the expected text, where each is not
//! offered, and the same behaviour before and after on every interpreter under ~/.pyenv.

use std::path::PathBuf;
use std::process::Command;

use crate::support;

use pyexplain::fixes;
use pyexplain::ide::{self, ActionKind, ActionRequest, OpenFile};
use pyexplain::settings::Settings;
use support::{assert_valid_python, cursor};

/// The rewrites offered at `$0`, as (title, topic, text after applying it).
fn rewrites(marked: &str, settings: &Settings) -> Vec<(String, String, String)> {
    let (text, offset) = cursor(marked);
    let document = OpenFile::new(text.clone(), 0);
    let request =
        ActionRequest { document: &document, range: offset..offset, only: None, invoked: true, knowledge: support::knowledge(), settings };
    ide::code_actions(&request)
        .into_iter()
        .filter_map(|action| match action.kind {
            ActionKind::Rewrite { topic } => Some((action.title, topic, fixes::apply(&text, &action.edits))),
            _ => None,
        })
        .collect()
}

/// Applies the rewrite titled `title` at `$0` and checks the text, that it parses and compiles,
/// and that it links `topic`. Returns the text before and after.
#[track_caller]
fn check_rewrite_with(settings: &Settings, marked: &str, title: &str, topic: &str, expected: &str) -> (String, String) {
    let offered = rewrites(marked, settings);
    let Some((_, linked, actual)) = offered.iter().find(|(offered_title, _, _)| offered_title == title) else {
        let titles: Vec<&str> = offered.iter().map(|(title, _, _)| title.as_str()).collect();
        panic!("no rewrite {title:?} at $0 (offered: {titles:?}) in:\n{marked}");
    };
    assert_eq!(actual, expected, "the rewrite {title:?} of:\n{marked}");
    assert_eq!(linked, topic);
    assert_valid_python(actual);
    (cursor(marked).0, actual.clone())
}

#[track_caller]
fn check_rewrite(marked: &str, title: &str, topic: &str, expected: &str) -> (String, String) {
    check_rewrite_with(&Settings::default(), marked, title, topic, expected)
}

/// No rewrite whose title starts with `title` is offered at `$0`.
#[track_caller]
fn check_no_rewrite(marked: &str, title: &str) {
    check_no_rewrite_with(&Settings::default(), marked, title);
}

#[track_caller]
fn check_no_rewrite_with(settings: &Settings, marked: &str, title: &str) {
    let offered = rewrites(marked, settings);
    if let Some((found, _, _)) = offered.iter().find(|(offered_title, _, _)| offered_title.starts_with(title)) {
        panic!("{found:?} is offered at $0 in:\n{marked}");
    }
}

/// The interpreters 3.9 to 3.13 under ~/.pyenv/versions, else the machine's `python3` (CI
/// installs it; the pyenv set is what the rewrites were checked with).
fn interpreters() -> Vec<PathBuf> {
    let found = pyenv_interpreters();
    if found.is_empty() {
        println!("rewrites: no interpreters under ~/.pyenv/versions; comparing behaviour with python3 only");
        return vec![PathBuf::from("python3")];
    }
    found
}

fn pyenv_interpreters() -> Vec<PathBuf> {
    let home = std::env::var_os("HOME").map(PathBuf::from).unwrap_or_default();
    let versions = home.join(".pyenv/versions");
    let mut found: Vec<PathBuf> = std::fs::read_dir(&versions)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|entry| {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    ["3.9.", "3.10.", "3.11.", "3.12.", "3.13."].iter().any(|prefix| name.starts_with(prefix))
                })
                .map(|entry| entry.path().join("bin/python"))
                .filter(|python| python.exists())
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// Runs `before` and `after`, each followed by `driver`, on every interpreter, and asserts the
/// same output (stdout and stderr) on each.
#[track_caller]
fn check_same_behaviour(before: &str, after: &str, driver: &str) {
    let pythons = interpreters();
    let dir = std::env::temp_dir().join(format!("pyexplain-rewrite-{}-{}", std::process::id(), fastrand_suffix()));
    std::fs::create_dir_all(&dir).expect("temp dir is writable");
    let run = |python: &PathBuf, name: &str, code: &str| {
        let file = dir.join(name);
        std::fs::write(&file, format!("{code}\n{driver}")).expect("temp file is writable");
        let output = Command::new(python).arg(&file).output().expect("the interpreter runs");
        format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
    };
    for python in &pythons {
        let was = run(python, "before.py", before);
        let now = run(python, "after.py", after);
        assert!(!was.contains("Traceback"), "{}: the code before the rewrite fails:\n{was}", python.display());
        assert_eq!(was, now, "{}: the output differs", python.display());
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn fastrand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

// ---- 1. Context-manager class → `@contextmanager` function, and back ----

const CM: &str = "context-managers";

#[test]
fn context_manager_class_becomes_a_contextmanager_function() {
    let (before, after) = check_rewrite(
        r#"import time


class $0Timer:
    """Logs around the block."""

    def __init__(self, label, log=print):
        self.label = label
        self.log = log  # where the lines go

    # Setup.
    def __enter__(self):
        self.start = time.perf_counter()
        self.log(f"start {self.label}")
        return self.label.upper()

    def __exit__(self, exc_type, exc, tb):
        # Runs even when the block raises.
        self.log(f"end {self.label}")


with Timer("load") as value:
    print(value)
"#,
        "Rewrite `Timer` as a `@contextmanager` function",
        CM,
        r#"import time
from contextlib import contextmanager


@contextmanager
def Timer(label, log=print):
    """Logs around the block."""
    # where the lines go
    # Setup.
    start = time.perf_counter()
    log(f"start {label}")
    try:
        yield label.upper()
    finally:
        # Runs even when the block raises.
        log(f"end {label}")


with Timer("load") as value:
    print(value)
"#,
    );
    check_same_behaviour(
        &before,
        &after,
        r#"
logs = []
with Timer("load", logs.append) as value:
    logs.append(value)
try:
    with Timer("fail", logs.append) as value:
        logs.append(value)
        raise ValueError("boom")
except ValueError as exc:
    logs.append(f"caught {exc!r}")
print(logs)
"#,
    );
}

#[test]
fn async_context_manager_class_becomes_an_asynccontextmanager_function() {
    let (before, after) = check_rewrite(
        r#"import asyncio


class Session:$0
    async def __aenter__(self):
        await asyncio.sleep(0)
        print("open")
        return "session"

    async def __aexit__(self, *exc_info):
        print("close")
"#,
        "Rewrite `Session` as a `@asynccontextmanager` function",
        CM,
        r#"import asyncio
from contextlib import asynccontextmanager


@asynccontextmanager
async def Session():
    await asyncio.sleep(0)
    print("open")
    try:
        yield "session"
    finally:
        print("close")
"#,
    );
    check_same_behaviour(
        &before,
        &after,
        r#"
async def main():
    async with Session() as session:
        print(session)
    try:
        async with Session():
            raise KeyError("k")
    except KeyError as exc:
        print("caught", repr(exc))

asyncio.run(main())
"#,
    );
}

#[test]
fn tabs_and_an_imported_contextlib_are_kept() {
    let (before, after) = check_rewrite(
        "import contextlib\n\nclass $0Counted:\n\tdef __init__(self, stream):\n\t\tself.stream = stream\n\t\tself.count = 0\n\tdef __enter__(self):\n\t\tself.count += 1\n\t\tprint(self.stream, self.count)\n\t\treturn None\n\tdef __exit__(self, exc_type, exc, tb):\n\t\tpass\n",
        "Rewrite `Counted` as a `@contextmanager` function",
        CM,
        "import contextlib\n\n@contextlib.contextmanager\ndef Counted(stream):\n\tcount = 0\n\tcount += 1\n\tprint(stream, count)\n\tyield\n",
    );
    check_same_behaviour(
        &before,
        &after,
        "with Counted('out') as entered:\n\tprint(entered)\ntry:\n\twith Counted('err'):\n\t\t1 / 0\nexcept ZeroDivisionError as exc:\n\tprint('caught', exc)\n",
    );
}

#[test]
fn context_manager_class_is_not_rewritten_when_behaviour_would_change() {
    let exit_returns_true =
        "class $0Quiet:\n    def __enter__(self):\n        return 1\n\n    def __exit__(self, *exc):\n        return True\n";
    check_no_rewrite(exit_returns_true, "Rewrite `Quiet`");
    let exit_reads_the_exception =
        "class $0Log:\n    def __enter__(self):\n        return 1\n\n    def __exit__(self, exc_type, exc, tb):\n        print(exc_type)\n";
    check_no_rewrite(exit_reads_the_exception, "Rewrite `Log`");
    let enter_returns_self = "class $0Res:\n    def __enter__(self):\n        return self\n\n    def __exit__(self, *exc):\n        pass\n";
    check_no_rewrite(enter_returns_self, "Rewrite `Res`");
    let another_method = "class $0Res:\n    def __enter__(self):\n        return 1\n\n    def __exit__(self, *exc):\n        pass\n\n    def close(self):\n        pass\n";
    check_no_rewrite(another_method, "Rewrite `Res`");
    let used_outside_with =
        "class $0Res:\n    def __enter__(self):\n        return 1\n\n    def __exit__(self, *exc):\n        pass\n\nres = Res()\n";
    check_no_rewrite(used_outside_with, "Rewrite `Res`");
    let subclassed = "class $0Res(Base):\n    def __enter__(self):\n        return 1\n\n    def __exit__(self, *exc):\n        pass\n";
    check_no_rewrite(subclassed, "Rewrite `Res`");
    let decorated = "@final\nclass $0Res:\n    def __enter__(self):\n        return 1\n\n    def __exit__(self, *exc):\n        pass\n";
    check_no_rewrite(decorated, "Rewrite `Res`");
    // `label` is a local of `__enter__` and an attribute: one scope cannot hold both.
    let names_meet = "class $0Res:\n    def __init__(self, label):\n        self.label = label\n\n    def __enter__(self):\n        label = 'x'\n        return label\n\n    def __exit__(self, *exc):\n        print(self.label)\n";
    check_no_rewrite(names_meet, "Rewrite `Res`");
    let cursor_in_a_method_body =
        "class Res:\n    def __enter__(self):\n        return $01\n\n    def __exit__(self, *exc):\n        pass\n";
    check_no_rewrite(cursor_in_a_method_body, "Rewrite `Res`");
}

#[test]
fn contextmanager_function_becomes_a_class() {
    let (before, after) = check_rewrite(
        r#"from contextlib import contextmanager


@contextmanager
def $0timed(label, log=print):
    """Logs around the block."""
    log(f"start {label}")
    depth = 1  # how deep
    try:
        yield depth * 2
    finally:
        log(f"end {label} {depth}")
"#,
        "Rewrite `timed` as a context-manager class",
        CM,
        r#"from contextlib import contextmanager


class timed:
    """Logs around the block."""

    def __init__(self, label, log=print):
        self.label = label
        self.log = log

    def __enter__(self):
        self.log(f"start {self.label}")
        self.depth = 1  # how deep
        return self.depth * 2

    def __exit__(self, exc_type, exc_value, traceback):
        self.log(f"end {self.label} {self.depth}")
"#,
    );
    check_same_behaviour(
        &before,
        &after,
        r#"
logs = []
with timed("load", logs.append) as value:
    logs.append(value)
try:
    with timed("fail", logs.append):
        raise ValueError("boom")
except ValueError as exc:
    logs.append(f"caught {exc!r}")
print(logs)
"#,
    );
}

#[test]
fn asynccontextmanager_with_a_top_level_yield_becomes_a_class() {
    let (before, after) = check_rewrite(
        "import asyncio\nimport contextlib\n\n\n@contextlib.asynccontextmanager\nasync def $0opened(name):\n    print(\"open\", name)\n    yield name\n    print(\"close\", name)\n",
        "Rewrite `opened` as an async context-manager class",
        CM,
        "import asyncio\nimport contextlib\n\n\nclass opened:\n    def __init__(self, name):\n        self.name = name\n\n    async def __aenter__(self):\n        print(\"open\", self.name)\n        return self.name\n\n    async def __aexit__(self, exc_type, exc_value, traceback):\n        if exc_type is None:\n            print(\"close\", self.name)\n",
    );
    check_same_behaviour(
        &before.replace("async def $0opened", "async def opened"),
        &after,
        "\nasync def main():\n    async with opened('a') as name:\n        print(name)\n    try:\n        async with opened('b'):\n            raise KeyError('k')\n    except KeyError as exc:\n        print('caught', repr(exc))\n\nasyncio.run(main())\n",
    );
}

#[test]
fn contextmanager_function_is_not_rewritten_when_behaviour_would_change() {
    let head = "from contextlib import contextmanager\n\n@contextmanager\ndef $0cm():\n";
    for body in [
        "    yield 1\n    yield 2\n",
        "    try:\n        yield 1\n    except ValueError:\n        pass\n",
        "    value = yield 1\n",
        "    if ready:\n        return\n    yield 1\n",
        "    try:\n        setup()\n        yield 1\n    finally:\n        teardown()\n",
        // `error` is shared by both methods, and `except ... as self.error` is no Python.
        "    try:\n        x = 1\n    except OSError as error:\n        x = 2\n    try:\n        yield x\n    finally:\n        print(error)\n",
    ] {
        check_no_rewrite(&format!("{head}{body}"), "Rewrite `cm`");
    }
    let used_as_a_decorator =
        "from contextlib import contextmanager\n\n@contextmanager\ndef $0cm():\n    yield\n\n@cm()\ndef job():\n    pass\n";
    check_no_rewrite(used_as_a_decorator, "Rewrite `cm`");
    let not_contextlib = "from mylib import contextmanager\n\n@contextmanager\ndef $0cm():\n    yield\n";
    check_no_rewrite(not_contextlib, "Rewrite `cm`");
}

// ---- 6. Generator function → iterator class ----

const PROTOCOL: &str = "iteration-protocol";

#[test]
fn generator_with_a_condition_becomes_an_iterator_class() {
    let (before, after) = check_rewrite(
        r#"def $0evens(numbers, scale=1):
    """Scales the even numbers."""
    for n in numbers:
        # Odd ones are skipped.
        if n % 2 == 0:
            yield n * scale
"#,
        "Rewrite `evens` as an iterator class",
        PROTOCOL,
        r#"class evens:
    """Scales the even numbers."""

    def __init__(self, numbers, scale=1):
        self.scale = scale
        self._iterator = iter(numbers)

    def __iter__(self):
        return self

    def __next__(self):
        for n in self._iterator:
            # Odd ones are skipped.
            if n % 2 == 0:
                return n * self.scale
        raise StopIteration
"#,
    );
    check_same_behaviour(
        &before,
        &after,
        r#"
print(list(evens(range(10), 3)))
it = evens([1, 2, 4])
print(next(it), next(it), next(it, "done"), next(it, "done"))
try:
    list(evens(["a"]))
except TypeError as exc:
    print("TypeError", exc)
print(sum(evens(iter([2, 3, 6]))))
"#,
    );
}

#[test]
fn generator_with_branches_and_tabs_becomes_an_iterator_class() {
    let (before, after) = check_rewrite(
        "def $0labels(items):\n\tfor i, item in enumerate(items):\n\t\tif item is None:\n\t\t\tcontinue\n\t\telif item:\n\t\t\tyield i, item\n\t\telse:\n\t\t\tyield i, 'empty'\n",
        "Rewrite `labels` as an iterator class",
        PROTOCOL,
        "class labels:\n\tdef __init__(self, items):\n\t\tself._iterator = iter(enumerate(items))\n\n\tdef __iter__(self):\n\t\treturn self\n\n\tdef __next__(self):\n\t\tfor i, item in self._iterator:\n\t\t\tif item is None:\n\t\t\t\tcontinue\n\t\t\telif item:\n\t\t\t\treturn i, item\n\t\t\telse:\n\t\t\t\treturn i, 'empty'\n\t\traise StopIteration\n",
    );
    check_same_behaviour(&before, &after, "print(list(labels(['a', None, '', 'b'])))\nprint(list(labels([])))\n");
}

#[test]
fn generator_is_not_rewritten_when_the_protocol_cannot_say_it() {
    for body in [
        "    for x in xs:\n        yield x\n        yield x\n",
        "    for x in xs:\n        yield x\n    else:\n        yield 0\n",
        "    total = 0\n    for x in xs:\n        yield x\n",
        "    for x in xs:\n        if x:\n            break\n        yield x\n",
        "    for x in xs:\n        yield from x\n",
        "    for x in xs:\n        total = x\n        yield total\n",
    ] {
        check_no_rewrite(&format!("def $0gen(xs):\n{body}"), "Rewrite `gen`");
    }
    check_no_rewrite("async def $0gen(xs):\n    for x in xs:\n        yield x\n", "Rewrite `gen`");
    check_no_rewrite("class C:\n    def $0gen(self, xs):\n        for x in xs:\n            yield x\n", "Rewrite `gen`");
}

#[test]
fn rewrites_of_a_disabled_topic_are_not_offered() {
    let settings = Settings::from_json(&serde_json::json!({"topics": {"disabled": ["iteration-protocol"]}}));
    check_no_rewrite_with(&settings, "def $0gen(xs):\n    for x in xs:\n        yield x\n", "Rewrite `gen`");
}

// ---- 2. Function decorator → decorator class ----

const CALLABLE: &str = "callable-objects";

#[test]
fn decorator_becomes_a_class_with_call() {
    let (before, after) = check_rewrite(
        r#"import functools


def $0logged(func):
    """Prints each call."""
    prefix = "calling"  # shown first
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        print(prefix, func.__name__, args)
        return func(*args, **kwargs)
    return wrapper


@logged
def add(a, b):
    """Adds."""
    return a + b
"#,
        "Rewrite `logged` as a decorator class",
        CALLABLE,
        r#"import functools


class logged:
    """Prints each call."""

    def __init__(self, func):
        functools.update_wrapper(self, func)
        self.func = func
        self.prefix = "calling"  # shown first

    def __call__(self, *args, **kwargs):
        print(self.prefix, self.func.__name__, args)
        return self.func(*args, **kwargs)


@logged
def add(a, b):
    """Adds."""
    return a + b
"#,
    );
    check_same_behaviour(
        &before,
        &after,
        "print(add(1, 2), add.__name__, add.__doc__, add.__wrapped__(3, 4))\ntry:\n    add(1)\nexcept TypeError as exc:\n    print('TypeError')\n",
    );
}

#[test]
fn async_wrapper_and_wraps_imported_by_name() {
    let (before, after) = check_rewrite(
        "import asyncio\nfrom functools import wraps\n\ndef $0traced(fn):\n    @wraps(fn)\n    async def inner(x):\n        print('before', x)\n        result = await fn(x)\n        print('after', result)\n        return result\n    return inner\n\n@traced\nasync def double(x):\n    await asyncio.sleep(0)\n    return 2 * x\n",
        "Rewrite `traced` as a decorator class",
        CALLABLE,
        "import asyncio\nfrom functools import wraps\nfrom functools import update_wrapper\n\nclass traced:\n    def __init__(self, fn):\n        update_wrapper(self, fn)\n        self.fn = fn\n\n    async def __call__(self, x):\n        print('before', x)\n        result = await self.fn(x)\n        print('after', result)\n        return result\n\n@traced\nasync def double(x):\n    await asyncio.sleep(0)\n    return 2 * x\n",
    );
    check_same_behaviour(&before, &after, "print(asyncio.run(double(21)), double.__name__)\n");
}

#[test]
fn decorator_class_is_not_offered_where_it_changes_behaviour() {
    let nonlocal_counter = "def $0counted(func):\n    calls = 0\n    def wrapper(*args):\n        nonlocal calls\n        calls += 1\n        return func(*args)\n    return wrapper\n";
    check_no_rewrite(nonlocal_counter, "Rewrite `counted` as a decorator class");
    let on_a_method = "def $0logged(func):\n    def wrapper(*args):\n        return func(*args)\n    return wrapper\n\nclass C:\n    @logged\n    def method(self):\n        pass\n";
    check_no_rewrite(on_a_method, "Rewrite `logged` as a decorator class");
    let not_a_wrapper = "def $0register(func):\n    REGISTRY.append(func)\n    return func\n";
    check_no_rewrite(not_a_wrapper, "Rewrite `register` as a decorator class");
    let other_decorator = "def $0logged(func):\n    @trace\n    def wrapper(*args):\n        return func(*args)\n    return wrapper\n";
    check_no_rewrite(other_decorator, "Rewrite `logged` as a decorator class");
}

// ---- 3. Decorator → decorator with parameters ----

const PARAMETERIZED: &str = "parameterized-decorators";

#[test]
fn decorator_gains_a_factory_and_its_uses_are_called() {
    let (before, after) = check_rewrite(
        r#"import functools


def $0shout(func):
    """Upper-cases the result."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        # The call itself.
        return func(*args, **kwargs).upper()
    return wrapper


@shout
def greet(name):
    return f"hello {name}"


@functools.lru_cache
@shout
def bye(name):
    return f"bye {name}"


quiet = shout(str.lower)
"#,
        "Rewrite `shout` as a decorator with parameters",
        PARAMETERIZED,
        r#"import functools


def shout():
    """Upper-cases the result."""
    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            # The call itself.
            return func(*args, **kwargs).upper()
        return wrapper

    return decorator


@shout()
def greet(name):
    return f"hello {name}"


@functools.lru_cache
@shout()
def bye(name):
    return f"bye {name}"


quiet = shout()(str.lower)
"#,
    );
    check_same_behaviour(&before, &after, "print(greet('ada'), bye('bob'), quiet('Hi'), greet.__name__)\n");
}

#[test]
fn registering_decorator_with_tabs_gains_a_factory() {
    let (before, after) = check_rewrite(
        "HANDLERS = []\n\ndef $0handler(func):\n\tHANDLERS.append(func.__name__)\n\treturn func\n\n@handler\ndef on_start():\n\tpass\n",
        "Rewrite `handler` as a decorator with parameters",
        PARAMETERIZED,
        "HANDLERS = []\n\ndef handler():\n\tdef decorator(func):\n\t\tHANDLERS.append(func.__name__)\n\t\treturn func\n\n\treturn decorator\n\n@handler()\ndef on_start():\n\tpass\n",
    );
    check_same_behaviour(&before, &after, "print(HANDLERS, on_start())\n");
}

#[test]
fn decorator_with_parameters_is_not_offered_for_other_uses() {
    let passed_around = "def $0deco(func):\n    return func\n\nDECORATORS = [deco]\n";
    check_no_rewrite(passed_around, "Rewrite `deco` as a decorator with parameters");
    let two_parameters = "def $0deco(func, flag):\n    return func\n\n@deco\ndef f():\n    pass\n";
    check_no_rewrite(two_parameters, "Rewrite `deco` as a decorator with parameters");
    let returns_a_value = "def $0double(x):\n    return x * 2\n\ndouble(2)\n";
    check_no_rewrite(returns_a_value, "Rewrite `double` as a decorator with parameters");
}

// ---- 5. `isinstance` chain → `match` ----

/// The topic of `match` statements (written on another branch; the rewrite names it already).
const MATCHING: &str = "pattern-matching";

fn python(version: &str) -> Settings {
    Settings::from_json(&serde_json::json!({ "pythonVersion": version }))
}

#[test]
fn isinstance_chain_becomes_match() {
    let (before, after) = check_rewrite_with(
        &python("3.10"),
        r#"import decimal


class Point:
    pass


def describe(value):
    $0if isinstance(value, bool):
        return "flag"
    # Numbers of every kind.
    elif isinstance(value, (int, float, decimal.Decimal)):
        return "number"
    elif isinstance(value, Point):  # ours
        return "point"
    else:
        return "other"
"#,
        "Rewrite the `isinstance` chain on `value` as `match`",
        MATCHING,
        r#"import decimal


class Point:
    pass


def describe(value):
    match value:
        case bool():
            return "flag"
        # Numbers of every kind.
        case int() | float() | decimal.Decimal():
            return "number"
        case Point():  # ours
            return "point"
        case _:
            return "other"
"#,
    );
    let driver = "for value in [True, 3, 2.5, decimal.Decimal('1'), Point(), 'x', None]:\n    print(describe(value))\n";
    for python in interpreters().iter().filter(|python| has_match(python)) {
        let run = |code: &str| {
            let dir = std::env::temp_dir().join(format!("pyexplain-match-{}-{}", std::process::id(), fastrand_suffix()));
            std::fs::create_dir_all(&dir).expect("temp dir is writable");
            let file = dir.join("run.py");
            std::fs::write(&file, format!("{code}\n{driver}")).expect("temp file is writable");
            let output = Command::new(python).arg(&file).output().expect("the interpreter runs");
            let _ = std::fs::remove_dir_all(&dir);
            format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
        };
        assert_eq!(run(&before), run(&after), "{}", python.display());
    }
}

/// Whether the interpreter has `match` (3.10).
fn has_match(python: &PathBuf) -> bool {
    Command::new(python)
        .args(["-c", "import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)"])
        .status()
        .is_ok_and(|status| status.success())
}

#[test]
fn isinstance_chain_is_not_rewritten_before_310_or_on_other_shapes() {
    let chain = "def f(x):\n    $0if isinstance(x, int):\n        return 1\n    elif isinstance(x, str):\n        return 2\n";
    check_no_rewrite_with(&python("3.9"), chain, "Rewrite the `isinstance` chain");
    check_no_rewrite(chain, "Rewrite the `isinstance` chain");
    let two_names = "def f(x, y):\n    $0if isinstance(x, int):\n        return 1\n    elif isinstance(y, str):\n        return 2\n";
    check_no_rewrite_with(&python("3.12"), two_names, "Rewrite the `isinstance` chain");
    let other_test = "def f(x):\n    $0if isinstance(x, int):\n        return 1\n    elif x is None:\n        return 2\n";
    check_no_rewrite_with(&python("3.12"), other_test, "Rewrite the `isinstance` chain");
    // A tuple held in a variable is no class: `case NUMBERS():` raises TypeError.
    let tuple_variable =
        "NUMBERS = (int, float)\n\ndef f(x):\n    $0if isinstance(x, NUMBERS):\n        return 1\n    else:\n        return 2\n";
    check_no_rewrite_with(&python("3.12"), tuple_variable, "Rewrite the `isinstance` chain");
    let attribute_subject = "def f(o):\n    $0if isinstance(o.x, int):\n        return 1\n    else:\n        return 2\n";
    check_no_rewrite_with(&python("3.12"), attribute_subject, "Rewrite the `isinstance` chain");
}

// ---- 4. Plain class → `@dataclass` ----

/// The topic of dataclasses (written on another branch; the rewrite names it already).
const DATACLASSES: &str = "dataclasses";

#[test]
fn plain_class_becomes_a_dataclass() {
    let (before, after) = check_rewrite(
        r#"class $0Point:
    """A point on the grid."""

    def __init__(self, x: int, y: int = 0, label: str = "origin") -> None:
        self.x = x
        self.label = label
        self.y = y

    # Distance from the origin.
    def norm(self) -> int:
        return abs(self.x) + abs(self.y)
"#,
        "Rewrite `Point` as a `@dataclass`",
        DATACLASSES,
        r#"from dataclasses import dataclass

@dataclass
class Point:
    """A point on the grid."""

    x: int
    y: int = 0
    label: str = "origin"

    # Distance from the origin.
    def norm(self) -> int:
        return abs(self.x) + abs(self.y)
"#,
    );
    check_same_behaviour(
        &before,
        &after,
        "p = Point(3, -4)\nprint(p.x, p.y, p.label, p.norm(), Point(1, label='a').label, Point.__init__.__name__)\ntry:\n    Point()\nexcept TypeError:\n    print('TypeError')\n",
    );
}

#[test]
fn dataclass_is_not_offered_when_the_class_does_more() {
    let unannotated = "class $0P:\n    def __init__(self, x):\n        self.x = x\n";
    check_no_rewrite(unannotated, "Rewrite `P` as a `@dataclass`");
    let mutable_default = "class $0P:\n    def __init__(self, xs: list = []):\n        self.xs = xs\n";
    check_no_rewrite(mutable_default, "Rewrite `P` as a `@dataclass`");
    let own_eq = "class $0P:\n    def __init__(self, x: int):\n        self.x = x\n\n    def __eq__(self, other):\n        return True\n";
    check_no_rewrite(own_eq, "Rewrite `P` as a `@dataclass`");
    let computes = "class $0P:\n    def __init__(self, x: int):\n        self.x = x * 2\n";
    check_no_rewrite(computes, "Rewrite `P` as a `@dataclass`");
    let renames = "class $0P:\n    def __init__(self, x: int):\n        self.y = x\n";
    check_no_rewrite(renames, "Rewrite `P` as a `@dataclass`");
    let class_attribute = "class $0P:\n    count = 0\n\n    def __init__(self, x: int):\n        self.x = x\n";
    check_no_rewrite(class_attribute, "Rewrite `P` as a `@dataclass`");
    let base = "class $0P(Base):\n    def __init__(self, x: int):\n        self.x = x\n";
    check_no_rewrite(base, "Rewrite `P` as a `@dataclass`");
}

#[test]
fn crlf_line_endings_are_kept() {
    check_rewrite(
        "def $0squares(xs):\r\n    for x in xs:\r\n        yield x * x\r\n",
        "Rewrite `squares` as an iterator class",
        PROTOCOL,
        "class squares:\r\n    def __init__(self, xs):\r\n        self._iterator = iter(xs)\r\n\r\n    def __iter__(self):\r\n        return self\r\n\r\n    def __next__(self):\r\n        for x in self._iterator:\r\n            return x * x\r\n        raise StopIteration\r\n",
    );
}

#[test]
fn a_walrus_on_a_parameter_keeps_the_generator() {
    check_no_rewrite("def $0gen(xs, last):\n    for x in xs:\n        if (last := x):\n            yield last\n", "Rewrite `gen`");
}

#[test]
fn a_single_isinstance_test_is_no_chain() {
    check_no_rewrite_with(
        &python("3.12"),
        "def f(x):\n    $0if isinstance(x, int):\n        return 1\n    else:\n        return 2\n",
        "Rewrite the `isinstance` chain",
    );
}

#[test]
fn a_closure_factory_is_no_decorator() {
    let factory = "def $0adder(n):\n    def add(x):\n        return x + n\n    return add\n";
    check_no_rewrite(factory, "Rewrite `adder` as a decorator");
}

#[test]
fn names_used_by_one_method_stay_local() {
    let (before, after) = check_rewrite(
        "import contextlib\nimport os\n\n@contextlib.contextmanager\ndef $0chdir(path, log):\n    old = os.getcwd()\n    os.chdir(path)\n    try:\n        yield old\n    finally:\n        for line in log:\n            print(line)\n        os.chdir(old)\n",
        "Rewrite `chdir` as a context-manager class",
        CM,
        "import contextlib\nimport os\n\nclass chdir:\n    def __init__(self, path, log):\n        self.path = path\n        self.log = log\n\n    def __enter__(self):\n        self.old = os.getcwd()\n        os.chdir(self.path)\n        return self.old\n\n    def __exit__(self, exc_type, exc_value, traceback):\n        for line in self.log:\n            print(line)\n        os.chdir(self.old)\n",
    );
    check_same_behaviour(
        &before,
        &after,
        "start = os.getcwd()\nwith chdir('/', ['a', 'b']) as old:\n    print(os.getcwd(), old == start)\nprint(os.getcwd() == start)\ntry:\n    with chdir('/', []):\n        raise OSError('x')\nexcept OSError as exc:\n    print('caught', exc, os.getcwd() == start)\n",
    );
}

#[test]
fn a_function_returning_its_changed_argument_is_no_decorator() {
    let text_filter = "def $0educate(text):\n    text = text.replace('...', '…')\n    return text\n\nprint(educate('a...'))\n";
    check_no_rewrite(text_filter, "Rewrite `educate` as a decorator");
}

#[test]
fn every_topic_a_rewrite_names_here_has_a_rewrites_section() {
    for topic in [CM, PROTOCOL, CALLABLE, PARAMETERIZED] {
        let entry = support::knowledge().topic(topic).expect("a built-in topic");
        assert!(
            entry.section("Rewrites").is_some_and(|text| text.contains("\"Rewrite `")),
            "{topic}: no `## Rewrites` naming its rewrites"
        );
    }
}

#[test]
fn contextmanager_function_with_tabs_and_comments_becomes_a_class() {
    let (before, after) = check_rewrite(
        "from contextlib import contextmanager\n\n@contextmanager\ndef $0pushed(stack, item):  # a stack frame\n\t# Push first.\n\tstack.append(item)\n\tdepth = len(stack)\n\ttry:\n\t\tyield depth\n\tfinally:\n\t\t# Pop even on errors.\n\t\tstack.pop()\n",
        "Rewrite `pushed` as a context-manager class",
        CM,
        "from contextlib import contextmanager\n\nclass pushed:  # a stack frame\n\tdef __init__(self, stack, item):\n\t\tself.stack = stack\n\t\tself.item = item\n\n\tdef __enter__(self):\n\t\t# Push first.\n\t\tself.stack.append(self.item)\n\t\tdepth = len(self.stack)\n\t\treturn depth\n\n\tdef __exit__(self, exc_type, exc_value, traceback):\n\t\t# Pop even on errors.\n\t\tself.stack.pop()\n",
    );
    check_same_behaviour(
        &before,
        &after,
        "stack = []\nwith pushed(stack, 'a') as depth:\n\twith pushed(stack, 'b') as inner:\n\t\tprint(depth, inner, stack)\nprint(stack)\ntry:\n\twith pushed(stack, 'c'):\n\t\traise ValueError(stack)\nexcept ValueError as exc:\n\tprint('caught', exc, stack)\n",
    );
}

#[test]
fn half_typed_code_is_never_rewritten_and_never_panics() {
    let snippets = [
        "class Timer:\n    def __enter__(self\n    def __exit__(self, *exc):\n        pass\n",
        "from contextlib import contextmanager\n@contextmanager\ndef cm(:\n    yield\n",
        "def gen(xs\n    for x in xs:\n        yield x\n",
        "def deco(func):\n    def wrapper(*args:\n        return func(*args)\n    return wrapper\n",
        "if isinstance(x, int):\n    pass\nelif isinstance(x, (str,:\n    pass\n",
        "class P:\n    def __init__(self, x: int = ):\n        self.x = x\n",
    ];
    let settings = python("3.12");
    for snippet in snippets {
        for (offset, _) in snippet.char_indices() {
            let marked = format!("{}$0{}", &snippet[..offset], &snippet[offset..]);
            assert!(rewrites(&marked, &settings).is_empty(), "a rewrite of half-typed code at {offset} in:\n{snippet}");
        }
    }
}

#[test]
fn a_predicate_factory_is_no_decorator() {
    // `checker` is called by the inner def, but nothing applies `is_x` with `@` or wraps `checker`.
    let factory = "def $0is_x(checker):\n    def check(node):\n        return checker(node.name)\n    return check\n\nis_static = is_x(lambda name: name == 'staticmethod')\n";
    check_no_rewrite(factory, "Rewrite `is_x` as a decorator");
}

#[test]
fn private_names_are_not_moved_into_or_out_of_a_class() {
    // In a class body `__cache` means `_Name__cache`: the same code would name another thing.
    let into = "def $0cached(func):\n    @functools.wraps(func)\n    def wrapper(*args):\n        return __cache(func)(*args)\n    return wrapper\n";
    check_no_rewrite(into, "Rewrite `cached` as a decorator class");
    check_no_rewrite("def $0gen(xs):\n    for x in xs:\n        yield x.__secret\n", "Rewrite `gen`");
    let out_of = "class $0Res:\n    def __enter__(self):\n        return self.__dict__ and __hidden\n\n    def __exit__(self, *exc):\n        pass\n";
    check_no_rewrite(out_of, "Rewrite `Res`");
}
