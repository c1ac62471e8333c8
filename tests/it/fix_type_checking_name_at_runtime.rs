//! The `type-checking-name-at-runtime` fix: quote the whole annotation that names an
//! `if TYPE_CHECKING:` import.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, fixed_text};

const CODE: &str = "type-checking-name-at-runtime";
const HEADER: &str = "from typing import TYPE_CHECKING\n\nif TYPE_CHECKING:\n    from decimal import Decimal\n\n\n";

fn with_header(body: &str) -> String {
    format!("{HEADER}{body}")
}

#[test]
fn parameter_annotation_is_quoted() {
    check_fix(
        CODE,
        &with_header("def total(prices: list[$0Decimal]) -> int:\n    return 0\n"),
        &with_header("def total(prices: \"list[Decimal]\") -> int:\n    return 0\n"),
    );
}

#[test]
fn return_and_class_variable_annotations_are_quoted() {
    check_fix(
        CODE,
        &with_header("def zero() -> $0Decimal | None:\n    return None\n"),
        &with_header("def zero() -> \"Decimal | None\":\n    return None\n"),
    );
    check_fix(CODE, &with_header("class Account:\n    balance: $0Decimal\n"), &with_header("class Account:\n    balance: \"Decimal\"\n"));
}

#[test]
fn single_quotes_when_the_annotation_has_double_quotes() {
    check_fix(
        CODE,
        &with_header("def f(x: dict[\"k\", $0Decimal]) -> None:\n    pass\n"),
        &with_header("def f(x: 'dict[\"k\", Decimal]') -> None:\n    pass\n"),
    );
}

#[test]
fn the_fix_is_offered() {
    let marked = with_header("LIMIT: $0Decimal = 1\n");
    let (_, tier) = fixed_text(CODE, &marked, &Settings::default()).expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Offered);
}

#[test]
fn not_for_run_time_uses() {
    check_fix_not_applicable(CODE, &with_header("def f(x):\n    return isinstance(x, $0Decimal)\n"));
}

#[test]
fn not_with_both_quote_kinds_a_backslash_or_several_lines() {
    check_fix_not_applicable(CODE, &with_header("def f(x: dict[\"k\", 'v', $0Decimal]) -> None:\n    pass\n"));
    check_fix_not_applicable(CODE, &with_header("def f(x: dict[\n    str, $0Decimal]) -> None:\n    pass\n"));
    check_fix_not_applicable(CODE, &with_header("def f(x: dict[str, \\\n    $0Decimal]) -> None:\n    pass\n"));
}

#[test]
fn not_for_a_singledispatch_registration() {
    check_fix_not_applicable(
        CODE,
        &with_header(
            "from functools import singledispatch\n\n\n@singledispatch\ndef show(x):\n    return x\n\n\n@show.register\ndef _(x: $0Decimal):\n    return x\n",
        ),
    );
}

/// The codes shown for `text` under `settings`.
fn shown(text: &str, settings: &Settings) -> Vec<String> {
    let (_, analysis) = support::analyze(text);
    pyexplain::ide::diagnostics(text, &analysis, support::knowledge(), settings).into_iter().map(|shown| shown.finding.code).collect()
}

#[test]
fn annotations_are_fine_from_python_3_14_and_under_the_future_import() {
    let annotation = with_header("def f(x: Decimal) -> None:\n    pass\n");
    assert_eq!(shown(&annotation, &Settings::default()), vec![CODE]);
    let python_3_14 = Settings::from_json(&serde_json::json!({"pythonVersion": "3.14"}));
    assert!(shown(&annotation, &python_3_14).is_empty());
    assert!(shown(&format!("from __future__ import annotations\n{annotation}"), &Settings::default()).is_empty());
    // A run-time use fails on every version.
    let use_ = with_header("def f(x):\n    return Decimal(x)\n");
    assert_eq!(shown(&use_, &python_3_14), vec![CODE]);
}

#[test]
fn stubs_are_never_flagged() {
    let stub = with_header("def f(x: Decimal) -> None: ...\n");
    assert!(shown(&stub, &Settings::default().for_stub()).is_empty());
}
