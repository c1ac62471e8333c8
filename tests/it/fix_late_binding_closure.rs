//! The `late-binding-closure` fix: a `name=name` keyword parameter per captured loop variable.

use crate::support;

use support::{check_fix, check_fix_not_applicable};

const CODE: &str = "late-binding-closure";

#[test]
fn lambda_without_parameters_gets_one() {
    check_fix(
        CODE,
        "handlers = []\nfor name in names:\n    handlers.append($0lambda: print(name))\n",
        "handlers = []\nfor name in names:\n    handlers.append(lambda name=name: print(name))\n",
    );
}

#[test]
fn lambda_parameters_keep_their_order() {
    check_fix(CODE, "fs = [$0lambda x, y=1: x * i + y for i in range(3)]\n", "fs = [lambda x, y=1, i=i: x * i + y for i in range(3)]\n");
}

#[test]
fn new_parameter_goes_after_star_args_and_before_kwargs() {
    check_fix(
        CODE,
        "fs = [$0lambda *args, **kwargs: f(i, *args, **kwargs) for i in range(3)]\n",
        "fs = [lambda *args, i=i, **kwargs: f(i, *args, **kwargs) for i in range(3)]\n",
    );
}

#[test]
fn every_captured_variable_in_order_of_first_read() {
    check_fix(
        CODE,
        "def f(pairs, out):\n    for key, value in pairs:\n        out.append($0lambda: (value, key))\n",
        "def f(pairs, out):\n    for key, value in pairs:\n        out.append(lambda value=value, key=key: (value, key))\n",
    );
}

#[test]
fn variables_of_nested_loops() {
    check_fix(
        CODE,
        "out = []\nfor i in range(2):\n    for j in range(2):\n        out.append($0lambda: i + j)\n",
        "out = []\nfor i in range(2):\n    for j in range(2):\n        out.append(lambda i=i, j=j: i + j)\n",
    );
}

#[test]
fn def_without_parameters() {
    check_fix(
        CODE,
        "import threading\n\nfor job in jobs:\n    def $0work():\n        job.run()\n    threading.Thread(target=work).start()\n",
        "import threading\n\nfor job in jobs:\n    def work(job=job):\n        job.run()\n    threading.Thread(target=work).start()\n",
    );
}

#[test]
fn def_with_annotated_kwargs_and_tabs() {
    check_fix(
        CODE,
        "def make(rows, out):\n\tfor row in rows:\n\t\t# Keep the comment.\n\t\tasync def $0show(a: int, *rest: int, **extra: str) -> int:\n\t\t\treturn row  # the row\n\t\tout.append(show)\n",
        "def make(rows, out):\n\tfor row in rows:\n\t\t# Keep the comment.\n\t\tasync def show(a: int, *rest: int, row=row, **extra: str) -> int:\n\t\t\treturn row  # the row\n\t\tout.append(show)\n",
    );
}

#[test]
fn def_with_trailing_comma_and_comment_in_parameters() {
    check_fix(
        CODE,
        "out = []\nfor item in items:\n    def $0show(\n        prefix,  # printed first\n    ):\n        print(prefix, item)\n    out.append(show)\n",
        "out = []\nfor item in items:\n    def show(\n        prefix, item=item,  # printed first\n    ):\n        print(prefix, item)\n    out.append(show)\n",
    );
}

#[test]
fn positional_only_parameters() {
    check_fix(CODE, "fs = [$0lambda a, /: a + i for i in range(3)]\n", "fs = [lambda a, /, i=i: a + i for i in range(3)]\n");
}

#[test]
fn not_offered_when_the_body_rebinds_the_variable() {
    check_fix_not_applicable(
        CODE,
        "def f(items, out):\n    for item in items:\n        def $0bump():\n            nonlocal item\n            item += 1\n            return item\n        out.append(bump)\n",
    );
}

#[test]
fn not_offered_when_a_nested_function_rebinds_the_variable() {
    check_fix_not_applicable(
        CODE,
        "def f(items, out):\n    for item in items:\n        def $0outer():\n            def inner():\n                nonlocal item\n                item = None\n            inner()\n            return item\n        out.append(outer)\n",
    );
}

#[test]
fn not_offered_for_a_global_rebound_in_the_body() {
    check_fix_not_applicable(CODE, "out = []\nfor item in range(3):\n    def $0reset():\n        global item\n        item = 0\n        return item\n    out.append(reset)\n");
}

#[test]
fn fix_is_offered_not_safe() {
    let (_, tier) = support::fixed_text(CODE, "fs = [$0lambda: i for i in range(3)]\n", &Default::default()).expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Offered);
}
