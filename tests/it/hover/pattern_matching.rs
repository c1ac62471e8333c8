//! Structural pattern matching: the subject and cases of `match`, what each `case` pattern does.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn match_counts_the_cases_and_says_when_nothing_runs() {
    let actual = hover_notes(
        r#"
def f(command):
    $0match command.split():
        case ["go", direction]:
            return direction
        case ["stop"]:
            return None
"#,
    );
    assert_snapshot!(actual, @r"
    **Structural pattern matching**
    - Matches `command.split()` against 2 cases, top to bottom; only the first case that matches runs.
    - When no case matches, nothing happens: no error is raised and the statement does nothing.
    - `match` and `case` are soft keywords (3.10): elsewhere they stay ordinary names.
    ");
}

#[test]
fn sequence_pattern_with_a_star_and_a_guard() {
    let actual = hover_notes(
        r#"
def f(command):
    match command:
        $0case [first, *rest] if rest:
            return first
"#,
    );
    assert_snapshot!(actual, @r"
    **Structural pattern matching**
    - `[first, *rest]` matches a sequence of at least 1 item, never a `str`, `bytes` or `bytearray`; `*rest` collects the rest into a list.
    - The guard `if rest` runs after the pattern bound its names; when false, the next case is tried (the names stay bound).
    - `first` is a capture: it matches anything and binds it to `first`.
    ");
}

#[test]
fn class_pattern_of_a_dataclass_names_its_match_args() {
    let actual = hover_notes(
        r#"
from dataclasses import dataclass

@dataclass
class Point:
    x: int
    y: int

def f(p):
    match p:
        $0case Point(0, y):
            return y
"#,
    );
    assert_snapshot!(actual, @r"
    **Structural pattern matching**
    - `Point(...)` checks `isinstance(subject, Point)`; positional sub-patterns go through `__match_args__` `('x', 'y')`: `0` matches `.x`, `y` matches `.y`.
    - `0` compares with `==`: an equal number of another type (`float`, `bool`) matches too.
    - `y` is a capture: it matches anything and binds it to `y`.
    ");
}

#[test]
fn builtin_class_pattern_binds_the_subject_and_values_compare() {
    let actual = hover_notes(
        r#"
def f(value):
    match value:
        $0case int(n) | float(n):
            return n
"#,
    );
    assert_snapshot!(actual, @r"
    **Structural pattern matching**
    - `|` tries the alternatives left to right; each must bind the same names.
    - `int(...)` checks `isinstance(subject, int)`; for a builtin its one positional sub-pattern matches the subject itself: `n` gets the whole value.
    - `n` is a capture: it matches anything and binds it to `n`.
    ");
}

#[test]
fn parenthesised_capture_is_a_group_and_not_last() {
    let actual = hover_notes(
        r#"
def f(value):
    match value:
        $0case (x):
            return x
        case _:
            return None
"#,
    );
    assert_snapshot!(actual, @r#"
    **Structural pattern matching**
    - `(x)` is only a group around `x`, not a sequence: a sequence of one needs a comma, `(x,)`.
    - It matches anything, yet more cases follow: a SyntaxError ("makes remaining patterns unreachable").
    - `x` is a capture: it matches anything and binds it to `x`.
    "#);
}

#[test]
fn mapping_pattern_and_a_class_without_match_args() {
    let actual = hover_notes(
        r#"
class Plain:
    pass

def f(value):
    match value:
        $0case {"kind": "plain", "item": Plain(item)}:
            return item
"#,
    );
    assert_snapshot!(actual, @r#"
    **Structural pattern matching**
    - `{"kind": "plain", "item": Plain(item)}` is a mapping pattern: it matches a mapping that has these keys, and extra keys are allowed.
    - `"plain"` compares with `==`.
    - `Plain(...)` checks `isinstance(subject, Plain)`; `Plain` sets no `__match_args__` here: unless a base class does, positional sub-patterns raise `TypeError`.
    "#);
}

#[test]
fn match_as_a_name_does_not_hover() {
    check_no_hover("$0match = re.match(pattern, text)\n");
    check_no_hover("result = $0match(value)\n");
}
