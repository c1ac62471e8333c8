//! Comprehensions: what each builds, its local loop variables, and the class-body rule.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn list_comprehension_names_its_source_and_variables() {
    // Two clauses: both targets are local to the comprehension.
    let actual = hover_notes(
        r#"
pairs = [(a, b) $0for a in range(3) for b in "xy"]
"#,
    );
    assert_snapshot!(actual, @r"
    **Comprehensions**
    - Builds the whole list from `range(3)` at once, before the statement goes on; `(...)` instead of `[...]` would make a lazy generator.
    - `a`, `b` are local to it: the enclosing scope neither sees nor loses a variable of that name.
    ");
}

#[test]
fn dict_comprehension_keeps_the_last_value() {
    // A dict comprehension: a repeated key keeps its last value.
    let actual = hover_notes(
        r#"
index = {name: i $0for i, name in enumerate(names)}
"#,
    );
    assert_snapshot!(actual, @r"
    **Comprehensions**
    - Builds the whole dict from `enumerate(names)` at once, before the statement goes on; a key produced twice keeps its last value.
    - `i`, `name` are local to it: the enclosing scope neither sees nor loses a variable of that name.
    ");
}

#[test]
fn class_body_comprehension_names_what_it_cannot_see() {
    // In a class body the condition reads the class's `limit`, which it cannot see.
    let actual = hover_notes(
        r#"
class Table:
    limit = 3
    rows = [r $0for r in range(10) if r < limit]
"#,
    );
    assert_snapshot!(actual, @r"
    **Comprehensions**
    - Builds the whole list from `range(10)` at once, before the statement goes on; `(...)` instead of `[...]` would make a lazy generator.
    - `r` is local to it: the enclosing scope neither sees nor loses a variable of that name.
    - In the body of class `Table` only the first iterable can see the class's names: `limit` here is not the class's (a `NameError`, or another binding of the name).
    **Pitfall** (`class-scope-comprehension`): A comprehension in a class body cannot see the class's names outside its first iterable: this raises NameError, or reads another binding of the name.
    ");
}

#[test]
fn generator_expression_is_not_a_comprehension_anchor() {
    // A generator expression's `for` is explained as lazy evaluation, not here; the second
    // clause of a list comprehension has no hover.
    check_no_hover("pairs = [(a, b) for a in range(3) $0for b in 'xy']\n");
}
