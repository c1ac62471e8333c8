//! The `mutable-default-argument` fix: a `None` default and the value built in the body.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, check_fix_with, fixed_text};

const CODE: &str = "mutable-default-argument";

fn python(version: &str) -> Settings {
    Settings::from_json(&serde_json::json!({ "pythonVersion": version }))
}

#[test]
fn list_default_moves_into_the_body() {
    check_fix(
        CODE,
        "def add_tag(tag, tags=$0[]):\n    # Collect.\n    tags.append(tag)\n    return tags\n",
        "def add_tag(tag, tags=None):\n    # Collect.\n    if tags is None:\n        tags = []\n    tags.append(tag)\n    return tags\n",
    );
}

#[test]
fn the_fix_is_offered() {
    let (_, tier) = fixed_text(CODE, "def f(x=$0[]):\n    return x\n", &Settings::default()).expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Offered);
}

#[test]
fn goes_after_the_docstring() {
    check_fix(
        CODE,
        "class Cart:\n    def __init__(self, items=$0{\n        'a': 1,\n    }):\n        \"\"\"Make a cart.\n\n        Items are copied.\n        \"\"\"  # doc\n        self.items = items\n",
        "class Cart:\n    def __init__(self, items=None):\n        \"\"\"Make a cart.\n\n        Items are copied.\n        \"\"\"  # doc\n        if items is None:\n            items = {\n                'a': 1,\n            }\n        self.items = items\n",
    );
}

#[test]
fn tabs_are_kept() {
    check_fix(
        CODE,
        "class A:\n\tdef f(self, seen=$0{1, 2}):\n\t\treturn seen\n",
        "class A:\n\tdef f(self, seen=None):\n\t\tif seen is None:\n\t\t\tseen = {1, 2}\n\t\treturn seen\n",
    );
}

#[test]
fn one_line_def_is_split() {
    check_fix(CODE, "def f(x=$0[]): return x  # short\n", "def f(x=None):\n    if x is None:\n        x = []\n    return x  # short\n");
    check_fix(
        CODE,
        "if True:\n  def f(x=$0[]): x.append(1); return x\n",
        "if True:\n  def f(x=None):\n    if x is None:\n      x = []\n    x.append(1); return x\n",
    );
    check_fix(CODE, "def f(x=$0{}): \"Doc.\"\n", "def f(x=None):\n    \"Doc.\"\n    if x is None:\n        x = {}\n");
}

#[test]
fn annotation_becomes_optional_with_one_import() {
    check_fix(
        CODE,
        "\"\"\"Module.\"\"\"\nimport os\n\n\ndef f(x: list = $0[], y: dict = {}):\n    return x, y\n",
        "\"\"\"Module.\"\"\"\nimport os\nfrom typing import Optional\n\n\ndef f(x: Optional[list] = None, y: dict = {}):\n    if x is None:\n        x = []\n    return x, y\n",
    );
    check_fix(
        CODE,
        "from typing import List\n\n\ndef f(x: List[int] = $0[]):\n    return x\n",
        "from typing import List, Optional\n\n\ndef f(x: Optional[List[int]] = None):\n    return x\n"
            .replace("    return x", "    if x is None:\n        x = []\n    return x")
            .as_str(),
    );
    check_fix(
        CODE,
        "from typing import Optional\n\n\ndef f(x: \"list[int]\" = $0[]):\n    return x\n",
        "from typing import Optional\n\n\ndef f(x: Optional[\"list[int]\"] = None):\n    if x is None:\n        x = []\n    return x\n",
    );
}

#[test]
fn import_goes_before_a_first_def() {
    check_fix(
        CODE,
        "def f(x: list = $0[]):\n    return x\n",
        "from typing import Optional\n\n\ndef f(x: Optional[list] = None):\n    if x is None:\n        x = []\n    return x\n",
    );
}

#[test]
fn union_syntax_from_python_3_10() {
    check_fix_with(
        CODE,
        &python("3.10"),
        "def f(x: list[int] = $0[], y: \"Foo\" = {}):\n    return x\n",
        "def f(x: list[int] | None = None, y: \"Foo\" = {}):\n    if x is None:\n        x = []\n    return x\n",
    );
    check_fix_with(
        CODE,
        &python("3.12"),
        "def f(y: \"Foo\" = $0{}):\n    return y\n",
        "def f(y: \"Foo | None\" = None):\n    if y is None:\n        y = {}\n    return y\n",
    );
}

#[test]
fn optional_annotation_is_left_alone() {
    check_fix(
        CODE,
        "from typing import Optional\n\n\ndef f(x: Optional[list] = $0[]):\n    return x\n",
        "from typing import Optional\n\n\ndef f(x: Optional[list] = None):\n    if x is None:\n        x = []\n    return x\n",
    );
    check_fix_with(
        CODE,
        &python("3.10"),
        "def f(x: list | None = $0[]):\n    return x\n",
        "def f(x: list | None = None):\n    if x is None:\n        x = []\n    return x\n",
    );
}

#[test]
fn comprehension_default_keeps_its_own_names() {
    check_fix(
        CODE,
        "SIZE = 3\n\n\ndef f(x=$0[i * i for i in range(SIZE)]):\n    return x\n",
        "SIZE = 3\n\n\ndef f(x=None):\n    if x is None:\n        x = [i * i for i in range(SIZE)]\n    return x\n",
    );
}

#[test]
fn not_when_a_name_would_mean_something_else() {
    // `x` is the parameter inside the body.
    check_fix_not_applicable(CODE, "x = 1\n\n\ndef f(x, y=$0[x]):\n    return y\n");
    // `LIMIT` is a local of the body.
    check_fix_not_applicable(CODE, "LIMIT = 1\n\n\ndef f(y=$0[LIMIT]):\n    LIMIT = 2\n    return y, LIMIT\n");
    // A class attribute is not visible from the method body.
    check_fix_not_applicable(CODE, "class A:\n    DEFAULT = 1\n\n    def f(self, y=$0[DEFAULT]):\n        return y\n");
}

#[test]
fn not_when_optional_is_taken() {
    check_fix_not_applicable(CODE, "class Optional:\n    pass\n\n\ndef f(x: list = $0[]):\n    return x\n");
}
