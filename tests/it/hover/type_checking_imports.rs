//! `if TYPE_CHECKING:`: the names the block imports, and how annotations may use them.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn block_lists_its_imports() {
    // Two imports, one aliased: the local names are listed.
    let actual = hover_notes(
        r#"
from typing import TYPE_CHECKING

$0if TYPE_CHECKING:
    from decimal import Decimal
    import fractions as fr
"#,
    );
    assert_snapshot!(actual, @r"
    **`if TYPE_CHECKING:`**
    - `TYPE_CHECKING` is `False` when the program runs, so this block never runs; only type checkers read it.
    - It imports `Decimal`, `fr`, which do not exist at run time.
    - Annotations of defs and of module or class variables that use them must be quoted, unless the file adds `from __future__ import annotations` (Python 3.14 no longer evaluates annotations when defining).
    ");
}

#[test]
fn future_import_allows_unquoted_annotations() {
    // `from __future__ import annotations`: annotations may name them unquoted.
    let actual = hover_notes(
        r#"
from __future__ import annotations
import typing

$0if typing.TYPE_CHECKING:
    from pathlib import Path
"#,
    );
    assert_snapshot!(actual, @r"
    **`if TYPE_CHECKING:`**
    - `TYPE_CHECKING` is `False` when the program runs, so this block never runs; only type checkers read it.
    - It imports `Path`, which does not exist at run time.
    - The file has `from __future__ import annotations`, so annotations may name them unquoted; any other use at run time still raises `NameError`.
    ");
}

#[test]
fn else_branch_runs_instead() {
    // An `else` branch: the run-time alternative.
    let actual = hover_notes(
        r#"
from typing import TYPE_CHECKING

$0if TYPE_CHECKING:
    from json import JSONDecoder
else:
    JSONDecoder = object
"#,
    );
    assert_snapshot!(actual, @r"
    **`if TYPE_CHECKING:`**
    - `TYPE_CHECKING` is `False` when the program runs, so this block never runs; only type checkers read it.
    - It imports `JSONDecoder`, which does not exist at run time.
    - Annotations of defs and of module or class variables that use them must be quoted, unless the file adds `from __future__ import annotations` (Python 3.14 no longer evaluates annotations when defining).
    ");
}

#[test]
fn a_local_flag_is_not_the_constant() {
    // A variable of the same name is not `typing.TYPE_CHECKING`.
    check_no_hover("TYPE_CHECKING = False\n$0if TYPE_CHECKING:\n    pass\n");
}
