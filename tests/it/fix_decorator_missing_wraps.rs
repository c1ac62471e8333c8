//! The `decorator-missing-wraps` fix: `@functools.wraps(p)` on the wrapper, imported once.

use crate::support;

use pyexplain::analysis::Context;
use pyexplain::fixes::{self, Tier};
use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable};

const CODE: &str = "decorator-missing-wraps";

#[test]
fn wraps_and_import_are_added() {
    check_fix(
        CODE,
        "import time\n\n\ndef timed(func):\n    def $0wrapper(*args, **kwargs):\n        start = time.perf_counter()\n        return func(*args, **kwargs)\n    return wrapper\n",
        "import time\nimport functools\n\n\ndef timed(func):\n    @functools.wraps(func)\n    def wrapper(*args, **kwargs):\n        start = time.perf_counter()\n        return func(*args, **kwargs)\n    return wrapper\n",
    );
}

#[test]
fn existing_functools_import_is_reused() {
    check_fix(
        CODE,
        "import functools as ft\n\n\ndef logged(fn):\n    def $0inner(*args, **kwargs):\n        return fn(*args, **kwargs)\n    return inner\n",
        "import functools as ft\n\n\ndef logged(fn):\n    @ft.wraps(fn)\n    def inner(*args, **kwargs):\n        return fn(*args, **kwargs)\n    return inner\n",
    );
}

#[test]
fn imported_wraps_is_used_bare() {
    check_fix(
        CODE,
        "from functools import wraps\n\n\ndef logged(fn):\n    def $0inner(*args, **kwargs):\n        return fn(*args, **kwargs)\n    return inner\n",
        "from functools import wraps\n\n\ndef logged(fn):\n    @wraps(fn)\n    def inner(*args, **kwargs):\n        return fn(*args, **kwargs)\n    return inner\n",
    );
}

#[test]
fn tabs_async_and_other_decorators() {
    check_fix(
        CODE,
        "\"\"\"Docs.\"\"\"\n\ndef retry(times):\n\tdef decorate(func):\n\t\t@trace  # keep\n\t\tasync def $0attempt(*args, **kwargs):\n\t\t\treturn await func(*args, **kwargs)\n\t\treturn attempt\n\treturn decorate\n",
        "\"\"\"Docs.\"\"\"\nimport functools\n\ndef retry(times):\n\tdef decorate(func):\n\t\t@trace  # keep\n\t\t@functools.wraps(func)\n\t\tasync def attempt(*args, **kwargs):\n\t\t\treturn await func(*args, **kwargs)\n\t\treturn attempt\n\treturn decorate\n",
    );
}

#[test]
fn file_without_imports_gets_the_import_on_top() {
    check_fix(
        CODE,
        "# A comment.\ndef deco(f):\n    def $0w(*a, **k):\n        return f(*a, **k)\n    return w\n",
        "# A comment.\nimport functools\n\ndef deco(f):\n    @functools.wraps(f)\n    def w(*a, **k):\n        return f(*a, **k)\n    return w\n",
    );
}

#[test]
fn crlf_is_kept() {
    check_fix(
        CODE,
        "import os\r\n\r\ndef deco(f):\r\n    def $0w(*a, **k):\r\n        return f(*a, **k)\r\n    return w\r\n",
        "import os\r\nimport functools\r\n\r\ndef deco(f):\r\n    @functools.wraps(f)\r\n    def w(*a, **k):\r\n        return f(*a, **k)\r\n    return w\r\n",
    );
}

#[test]
fn not_offered_when_functools_is_a_local_name() {
    check_fix_not_applicable(CODE, "def deco(f, functools=None):\n    def $0w(*a, **k):\n        return f(*a, **k)\n    return w\n");
}

#[test]
fn not_offered_when_functools_names_another_module() {
    check_fix_not_applicable(
        CODE,
        "from compat import functools\n\n\ndef deco(f):\n    def $0w(*a, **k):\n        return f(*a, **k)\n    return w\n",
    );
}

/// Two wrappers fixed together share one `import functools` edit.
#[test]
fn fix_all_adds_the_import_once() {
    let text = "def first(f):\n    def w(*a, **k):\n        return f(*a, **k)\n    return w\n\n\ndef second(g):\n    def v(*a, **k):\n        return g(*a, **k)\n    return v\n";
    let (document, analysis) = support::analyze(text);
    let tree = document.tree();
    let context = Context::new(&document.text, &tree, support::knowledge());
    let mut edits: Vec<fixes::Edit> = Vec::new();
    for finding in analysis.findings.iter().filter(|finding| finding.code == CODE) {
        let fix = fixes::fix_for(&context, finding, &Settings::default()).expect("a fix");
        assert_eq!(fix.tier, Tier::Offered);
        for edit in fix.edits {
            if !edits.contains(&edit) {
                edits.push(edit);
            }
        }
    }
    let fixed = fixes::apply(text, &edits);
    assert_eq!(
        fixed,
        "import functools\n\ndef first(f):\n    @functools.wraps(f)\n    def w(*a, **k):\n        return f(*a, **k)\n    return w\n\n\ndef second(g):\n    @functools.wraps(g)\n    def v(*a, **k):\n        return g(*a, **k)\n    return v\n"
    );
    support::assert_valid_python(&fixed);
}
