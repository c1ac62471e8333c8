//! The `raise-without-from` fix: `from NAME` appended, binding the handled exception when needed.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, fixed_text};

const CODE: &str = "raise-without-from";

#[test]
fn the_handlers_name_is_used() {
    check_fix(
        CODE,
        "def port(text):\n    try:\n        return int(text)\n    except ValueError as exc:\n        $0raise RuntimeError(text)  # why\n",
        "def port(text):\n    try:\n        return int(text)\n    except ValueError as exc:\n        raise RuntimeError(text) from exc  # why\n",
    );
}

#[test]
fn a_name_is_bound_when_the_handler_has_none() {
    check_fix(
        CODE,
        "try:\n    pass\nexcept (KeyError, IndexError):\n    if True:\n        $0raise LookupError(\n            'missing'\n        )\n",
        "try:\n    pass\nexcept (KeyError, IndexError) as err:\n    if True:\n        raise LookupError(\n            'missing'\n        ) from err\n",
    );
}

#[test]
fn err_taken_gives_err2() {
    check_fix(
        CODE,
        "def f(err):\n    try:\n        pass\n    except OSError:\n        $0raise RuntimeError\n",
        "def f(err):\n    try:\n        pass\n    except OSError as err2:\n        raise RuntimeError from err2\n",
    );
}

#[test]
fn except_star_clause() {
    check_fix(
        CODE,
        "try:\n    pass\nexcept* ValueError as group:\n    $0raise TypeError('bad')\n",
        "try:\n    pass\nexcept* ValueError as group:\n    raise TypeError('bad') from group\n",
    );
}

#[test]
fn the_fix_is_offered_not_safe() {
    let (_, tier) = fixed_text(CODE, "try:\n    pass\nexcept OSError:\n    $0raise RuntimeError\n", &Settings::default()).expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Offered);
}

#[test]
fn not_when_the_name_was_rebound_or_deleted() {
    check_fix_not_applicable(CODE, "try:\n    pass\nexcept OSError as exc:\n    exc = None\n    $0raise RuntimeError\n");
    check_fix_not_applicable(CODE, "try:\n    pass\nexcept OSError as exc:\n    del exc\n    $0raise RuntimeError\n");
    check_fix_not_applicable(
        CODE,
        "try:\n    pass\nexcept OSError as exc:\n    try:\n        pass\n    except KeyError as exc:\n        pass\n    $0raise RuntimeError\n",
    );
}

#[test]
fn not_for_a_bare_except() {
    check_fix_not_applicable(CODE, "try:\n    pass\nexcept:\n    $0raise RuntimeError\n");
}
