//! `assert`: removed under `-O`; the message is evaluated only on failure; a tuple never fails.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn message_is_evaluated_only_on_failure() {
    let actual = hover_notes("def mean(values):\n    $0assert values, describe(values)\n");
    assert_snapshot!(actual, @r"
    **`assert`**
    - Python removes the statement when run with `-O` (`__debug__` is false): it must not validate input or do work the program needs.
    - The message `describe(values)` is evaluated only when the test is false, and becomes the `AssertionError`'s argument.
    ");
}

#[test]
fn a_call_in_the_test_does_not_run_under_o() {
    let actual = hover_notes("def take(queue, item):\n    $0assert queue.pop() == item\n");
    assert_snapshot!(actual, @r"
    **`assert`**
    - Python removes the statement when run with `-O` (`__debug__` is false): it must not validate input or do work the program needs.
    - Under `-O` the call `queue.pop()` in the test does not run either.
    - Without a message, a failure raises a bare `AssertionError`; in test modules pytest still reports the compared values.
    ");
}

#[test]
fn a_tuple_never_fails() {
    let actual = hover_notes("def f(x):\n    $0assert (x > 0, 'positive')\n");
    assert_snapshot!(actual, @r"
    **`assert`**
    - The test `(x > 0, 'positive')` is a non-empty tuple, which is always true: this assertion can never fail.
    - Python removes the statement when run with `-O` (`__debug__` is false): it must not validate input or do work the program needs.
    - Without a message, a failure raises a bare `AssertionError`; in test modules pytest still reports the compared values.
    **Pitfall** (`assert-on-tuple`): This assert tests a non-empty tuple, which is always true: it can never fail. Remove the parentheses.
    ");
}

#[test]
fn assertion_names_do_not_hover() {
    check_no_hover("$0assertion = True\n");
    check_no_hover("self.$0assertEqual(a, b)\n");
}
