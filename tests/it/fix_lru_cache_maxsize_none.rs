//! The `lru-cache-maxsize-none` fix: `functools.cache`, spelled as the file spells `functools`.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, check_fix_not_applicable_with, fixed_text};

const CODE: &str = "lru-cache-maxsize-none";

#[test]
fn from_import_gets_cache_added() {
    check_fix(
        CODE,
        "from functools import lru_cache\n\n\n$0@lru_cache(maxsize=None)\ndef fib(n):\n    return n\n",
        "from functools import lru_cache, cache\n\n\n@cache\ndef fib(n):\n    return n\n",
    );
}

#[test]
fn existing_cache_import_is_reused() {
    check_fix(
        CODE,
        "from functools import cache, lru_cache\n\n\n$0@lru_cache(None)\ndef fib(n):\n    return n\n",
        "from functools import cache, lru_cache\n\n\n@cache\ndef fib(n):\n    return n\n",
    );
}

#[test]
fn parenthesized_import_and_alias() {
    check_fix(
        CODE,
        "from functools import (\n    lru_cache as memo,\n    wraps,\n)\n\n\n$0@memo(None)\ndef fib(n):\n    return n\n",
        "from functools import (\n    lru_cache as memo,\n    wraps, cache,\n)\n\n\n@cache\ndef fib(n):\n    return n\n",
    );
}

#[test]
fn dotted_spelling_is_kept() {
    check_fix(
        CODE,
        "import functools\n\n\n$0@functools.lru_cache(None)\ndef fib(n):\n    return n\n",
        "import functools\n\n\n@functools.cache\ndef fib(n):\n    return n\n",
    );
    check_fix(
        CODE,
        "import functools as ft\n\n\nclass A:\n\t@staticmethod\n\t$0@ft.lru_cache(maxsize=None)  # memo\n\tdef f(n):\n\t\treturn n\n",
        "import functools as ft\n\n\nclass A:\n\t@staticmethod\n\t@ft.cache  # memo\n\tdef f(n):\n\t\treturn n\n",
    );
}

#[test]
fn the_fix_is_safe() {
    let (_, tier) = fixed_text(CODE, "import functools\n\n\n$0@functools.lru_cache(None)\ndef f(n):\n    return n\n", &Settings::default())
        .expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Safe);
}

#[test]
fn two_decorators_add_the_same_import_edit() {
    let text = "from functools import lru_cache\n\n\n@lru_cache(maxsize=None)\ndef a(n):\n    return n\n\n\n@lru_cache(None)\ndef b(n):\n    return n\n";
    let (document, analysis) = support::analyze(text);
    let tree = document.tree();
    let context = pyexplain::analysis::Context::new(&document.text, &tree, support::knowledge());
    let imports: Vec<_> = analysis
        .findings
        .iter()
        .filter_map(|finding| pyexplain::fixes::fix_for(&context, finding, &Settings::default()))
        .map(|fix| fix.edits[0].clone())
        .collect();
    assert_eq!(imports.len(), 2);
    assert_eq!(imports[0], imports[1]);
}

#[test]
fn not_before_python_3_9() {
    check_fix_not_applicable_with(
        CODE,
        &Settings::from_json(&serde_json::json!({"pythonVersion": "3.8"})),
        "import functools\n\n\n$0@functools.lru_cache(maxsize=None)\ndef fib(n):\n    return n\n",
    );
}

#[test]
fn not_with_typed() {
    check_fix_not_applicable(CODE, "import functools\n\n\n$0@functools.lru_cache(maxsize=None, typed=True)\ndef fib(n):\n    return n\n");
    check_fix_not_applicable(CODE, "import functools\n\n\n$0@functools.lru_cache(None, True)\ndef fib(n):\n    return n\n");
}

#[test]
fn not_when_cache_names_something_else() {
    check_fix_not_applicable(
        CODE,
        "from functools import lru_cache\n\ncache = {}\n\n\n$0@lru_cache(maxsize=None)\ndef fib(n):\n    return n\n",
    );
}
