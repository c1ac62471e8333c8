//! Closures: the names a nested function captures, `nonlocal`, and late binding in loops.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover, hover_notes};

#[test]
fn inner_function_reads_names_of_the_enclosing_function() {
    // `inner` captures `base` and `step` from `outer`.
    let actual = hover(
        r#"
def outer(base, step):
    def $0inner(count):
        return base + step * count
    return inner
"#,
    );
    assert_snapshot!(actual, @r"
    **Closures**

    A nested function keeps the variables of its enclosing function alive and reads them when it runs, not when made.

    - Reads `base`, `step` from `outer`.
    - Late binding: captured variables are read when it runs, not when it is created, so it sees their latest values.

    [Python docs](https://docs.python.org/3/reference/executionmodel.html#naming-and-binding)
    ");
}

#[test]
fn nonlocal_declaration_rebinds_the_enclosing_variable() {
    // The `nonlocal` keyword: assignments rebind `count` of `counter`.
    let actual = hover_notes(
        r#"
def counter():
    count = 0
    def increment():
        $0nonlocal count
        count += 1
        return count
    return increment
"#,
    );
    assert_snapshot!(actual, @r"
    **Closures**
    - Assignments to `count` in `increment` rebind the variable of `counter` instead of creating a local.
    ");
}

#[test]
fn function_with_nonlocal_rebinds_rather_than_reads() {
    // The def itself: `count` is listed as rebound, not read.
    let actual = hover_notes(
        r#"
def counter():
    count = 0
    def $0increment():
        nonlocal count
        count += 1
        return count
    return increment
"#,
    );
    assert_snapshot!(actual, @r"
    **Closures**
    - Rebinds `count` of `counter` (declared `nonlocal`).
    - Late binding: captured variables are read when it runs, not when it is created, so it sees their latest values.
    ");
}

#[test]
fn nonlocal_without_an_enclosing_binding_is_a_syntax_error() {
    // No enclosing function binds `total`.
    let actual = hover_notes(
        r#"
def outer():
    def inner():
        $0nonlocal total
        total = 1
    return inner
"#,
    );
    assert_snapshot!(actual, @r"
    **Closures**
    - No enclosing function binds `total`: this `nonlocal` is a SyntaxError.
    ");
}

#[test]
fn lambda_in_a_loop_sees_the_latest_loop_value() {
    // Late binding: every lambda reads `i` when called, after the loop ended.
    let actual = hover_notes(
        r#"
def make_callbacks():
    callbacks = []
    for i in range(3):
        callbacks.append($0lambda: i)
    return callbacks
"#,
    );
    assert_snapshot!(actual, @r"
    **Closures**
    - Reads `i` from `make_callbacks`.
    - Late binding: it is created in a loop over `i`, so it sees the loop's latest value when it runs, unless bound as a default (`i=i`).
    **Pitfall** (`late-binding-closure`): This function reads the loop variable when it is called, not when it is created, so it sees a later value.
    ");
}

#[test]
fn lambda_in_a_comprehension_sees_the_latest_value() {
    // A lambda inside a list comprehension captures the comprehension variable.
    let actual = hover_notes(
        r#"
def make():
    return [$0lambda: n for n in range(3)]
"#,
    );
    assert_snapshot!(actual, @r"
    **Closures**
    - Reads `n` from the enclosing comprehension.
    - Late binding: it is created in a loop over `n`, so it sees the loop's latest value when it runs, unless bound as a default (`n=n`).
    **Pitfall** (`late-binding-closure`): This function reads the loop variable when it is called, not when it is created, so it sees a later value.
    ");
}

#[test]
fn middle_function_only_passes_a_name_through() {
    // `middle` uses nothing itself; it carries `level` to `inner`.
    let actual = hover_notes(
        r#"
def outer(level):
    def $0middle():
        def inner():
            return level
        return inner
    return middle
"#,
    );
    assert_snapshot!(actual, @r"
    **Closures**
    - Only passes `level` through to `inner`, which uses it.
    - Late binding: captured variables are read when it runs, not when it is created, so it sees their latest values.
    ");
}

#[test]
fn method_of_a_class_built_in_a_function_reads_its_variable() {
    // A class body does not hide the function's names from its methods: `label` reads `prefix`.
    let actual = hover_notes(
        r#"
def factory(prefix):
    class Named:
        def $0label(self):
            return prefix + type(self).__name__
    return Named
"#,
    );
    assert_snapshot!(actual, @r"
    **Closures**
    - Reads `prefix` from `factory`.
    - Late binding: captured variables are read when it runs, not when it is created, so it sees their latest values.
    ");
}

#[test]
fn module_globals_and_parameters_are_not_captured() {
    // Near misses: a global read and a parameter are not free variables of a closure.
    check_no_hover(
        r#"
LIMIT = 10

def $0check(value):
    return value < LIMIT
"#,
    );
    check_no_hover(
        r#"
class Config:
    size = 3

    def $0double(self):
        return self.size * 2
"#,
    );
}
