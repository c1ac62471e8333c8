//! The `assert-on-tuple` fix: the parentheses that made a tuple of the test and message go.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, fixed_text};

const CODE: &str = "assert-on-tuple";

#[test]
fn test_and_message() {
    check_fix(CODE, "def f(x):\n    $0assert (x > 0, 'positive')\n", "def f(x):\n    assert x > 0, 'positive'\n");
}

#[test]
fn one_item_and_a_trailing_comma() {
    check_fix(CODE, "def f(x):\n    $0assert (x,)\n", "def f(x):\n    assert x\n");
    check_fix(CODE, "def f(x):\n    $0assert (x, 'm',)\n", "def f(x):\n    assert x, 'm'\n");
}

#[test]
fn named_expressions_and_multi_line_items_keep_parentheses() {
    check_fix(CODE, "def f(x):\n    $0assert (y := x, 'm')\n    return y\n", "def f(x):\n    assert (y := x), 'm'\n    return y\n");
    check_fix(CODE, "def f(x):\n    $0assert (x in [\n        1, 2], 'm')\n", "def f(x):\n    assert (x in [\n        1, 2]), 'm'\n");
}

#[test]
fn a_multi_line_tuple_becomes_one_line() {
    check_fix(CODE, "def f(x):\n    $0assert (\n        x > 0,\n        'positive',\n    )\n", "def f(x):\n    assert x > 0, 'positive'\n");
}

#[test]
fn the_fix_is_offered_not_safe() {
    let (_, tier) = fixed_text(CODE, "$0assert (1, 'm')\n", &Settings::default()).expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Offered);
}

#[test]
fn not_for_three_items_a_star_a_comment_or_an_own_message() {
    check_fix_not_applicable(CODE, "def f(x):\n    $0assert (x, 'a', 'b')\n");
    check_fix_not_applicable(CODE, "def f(x):\n    $0assert (*x, 'm')\n");
    check_fix_not_applicable(CODE, "def f(x):\n    $0assert (x,  # why\n            'm')\n");
    check_fix_not_applicable(CODE, "def f(x):\n    $0assert (x, 'm'), 'own'\n");
}
