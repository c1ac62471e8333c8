//! The `yield-in-for-loop` fix: `yield from it`, except over a file, which `yield from` would close.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, fixed_text};

const CODE: &str = "yield-in-for-loop";

#[test]
fn a_loop_over_a_parameter_becomes_yield_from() {
    check_fix(CODE, "def lines(items):\n    $0for item in items:\n        yield item\n", "def lines(items):\n    yield from items\n");
}

#[test]
fn a_tuple_iterable_is_parenthesized_and_comments_kept() {
    check_fix(
        CODE,
        "def both(a, b):\n    $0for x in a, *b:  # all\n        yield x\n",
        "def both(a, b):\n    # all\n    yield from (a, *b)\n",
    );
}

#[test]
fn the_fix_is_offered() {
    let (_, tier) = fixed_text(CODE, "def f(xs):\n    $0for x in xs:\n        yield x\n", &Settings::default()).expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Offered);
}

/// Closing the generator would close the file under the function that opened it.
#[test]
fn not_offered_over_an_open_call() {
    check_fix_not_applicable(CODE, "def lines(path):\n    $0for line in open(path):\n        yield line\n");
    check_fix_not_applicable(CODE, "import io\n\ndef lines(path):\n    $0for line in io.open(path):\n        yield line\n");
}

#[test]
fn not_offered_over_a_name_bound_to_open() {
    check_fix_not_applicable(CODE, "def lines(path):\n    f = open(path)\n    $0for line in f:\n        yield line\n    f.close()\n");
    check_fix_not_applicable(CODE, "def lines(path):\n    with open(path) as f:\n        $0for line in f:\n            yield line\n");
}

/// A local `open` is not the builtin, and a name bound to something else stays fixable.
#[test]
fn offered_when_open_is_not_the_builtin() {
    check_fix(
        CODE,
        "def lines(open, path):\n    $0for line in open(path):\n        yield line\n",
        "def lines(open, path):\n    yield from open(path)\n",
    );
    check_fix(
        CODE,
        "def lines(path):\n    f = read(path)\n    $0for line in f:\n        yield line\n",
        "def lines(path):\n    f = read(path)\n    yield from f\n",
    );
}
