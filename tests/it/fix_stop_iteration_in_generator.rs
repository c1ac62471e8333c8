//! The `stop-iteration-in-generator` fix: `raise StopIteration(v)` becomes `return v`.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, fixed_text};

const CODE: &str = "stop-iteration-in-generator";

#[test]
fn bare_raise_becomes_return() {
    check_fix(
        CODE,
        "def take(items, limit):\n    for i, item in enumerate(items):\n        if i == limit:\n            $0raise StopIteration  # stop here\n        yield item\n",
        "def take(items, limit):\n    for i, item in enumerate(items):\n        if i == limit:\n            return  # stop here\n        yield item\n",
    );
}

#[test]
fn empty_call_becomes_return() {
    check_fix(CODE, "def gen():\n\tyield 1\n\t$0raise StopIteration()\n", "def gen():\n\tyield 1\n\treturn\n");
}

#[test]
fn value_becomes_the_return_value() {
    check_fix(CODE, "def gen():\n    yield 1\n    $0raise StopIteration(total + 1)\n", "def gen():\n    yield 1\n    return total + 1\n");
    check_fix(CODE, "def gen():\n    yield 1\n    $0raise StopIteration(x := 2)\n", "def gen():\n    yield 1\n    return (x := 2)\n");
    check_fix(
        CODE,
        "def gen(y):\n    yield 1\n    $0raise StopIteration(x for x in y)\n",
        "def gen(y):\n    yield 1\n    return (x for x in y)\n",
    );
}

#[test]
fn from_none_is_dropped() {
    check_fix(CODE, "def gen():\n    yield 1\n    $0raise StopIteration from None\n", "def gen():\n    yield 1\n    return\n");
}

#[test]
fn the_fix_is_safe() {
    let (_, tier) = fixed_text(CODE, "def gen():\n    yield 1\n    $0raise StopIteration\n", &Settings::default()).expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Safe);
}

#[test]
fn async_generator_gets_a_bare_return_only() {
    check_fix(CODE, "async def gen():\n    yield 1\n    $0raise StopIteration\n", "async def gen():\n    yield 1\n    return\n");
    check_fix_not_applicable(CODE, "async def gen():\n    yield 1\n    $0raise StopIteration(5)\n");
}

#[test]
fn no_fix_for_several_arguments_a_cause_or_a_splat() {
    check_fix_not_applicable(CODE, "def gen():\n    yield 1\n    $0raise StopIteration(1, 2)\n");
    check_fix_not_applicable(CODE, "def gen(error):\n    yield 1\n    $0raise StopIteration from error\n");
    check_fix_not_applicable(CODE, "def gen(args):\n    yield 1\n    $0raise StopIteration(*args)\n");
}
