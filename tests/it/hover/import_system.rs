//! The import system: relative, deferred, optional and `__future__` imports, `importlib` calls,
//! module `__getattr__` and the `__main__` guard.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn relative_import_of_the_own_package() {
    // One dot: the containing package, and the `python file.py` trap.
    let actual = hover_notes(
        r#"
$0from . import models
"#,
    );
    assert_snapshot!(actual, @r"
    **How `import` works**
    - Relative import: `.` is the package that contains this module, found through `__package__`, not through `sys.path`.
    - Relative imports need a parent package: running this file as `python path/to/file.py` fails; use `python -m package.module`.
    ");
}

#[test]
fn relative_import_two_and_three_levels_up() {
    // `..` is the parent package; `...` goes two packages up.
    let actual = hover_notes(
        r#"
$0from ..core import engine
"#,
    );
    assert_snapshot!(actual, @r"
    **How `import` works**
    - Relative import: `..` is the parent of the package that contains this module.
    - Relative imports need a parent package: running this file as `python path/to/file.py` fails; use `python -m package.module`.
    ");
    let actual = hover_notes(
        r#"
$0from ...shared import util
"#,
    );
    assert_snapshot!(actual, @r"
    **How `import` works**
    - Relative import: `...` goes 2 packages up from the one that contains this module.
    - Relative imports need a parent package: running this file as `python path/to/file.py` fails; use `python -m package.module`.
    ");
}

#[test]
fn deferred_import_inside_a_function() {
    // Runs at the first call of `plot`, then comes from `sys.modules`.
    let actual = hover_notes(
        r#"
def plot(data):
    $0import matplotlib.pyplot as plt
    return plt.plot(data)
"#,
    );
    assert_snapshot!(actual, @r"
    **How `import` works**
    - A deferred import: it runs when `plot()` is called, not when this module is imported; after the first call the module comes from `sys.modules`, so later calls only bind the name.
    ");
}

#[test]
fn import_in_a_class_body_binds_a_class_attribute() {
    // The name becomes an attribute of `Config`.
    let actual = hover_notes(
        r#"
class Config:
    $0import os
"#,
    );
    assert_snapshot!(actual, @r"
    **How `import` works**
    - Runs when the `class Config` statement executes and binds class attributes of `Config`, not module globals.
    ");
}

#[test]
fn optional_import_guarded_by_import_error() {
    // The `try` body import and the fallback in the handler.
    let actual = hover_notes(
        r#"
try:
    $0import ujson as json
except ImportError:
    import json
"#,
    );
    assert_snapshot!(actual, @r"
    **How `import` works**
    - An optional dependency: when this import fails, the handler for `ImportError` runs instead (a fallback or a feature switch).
    ");
    let actual = hover_notes(
        r#"
try:
    import ujson as json
except ImportError:
    $0import json
"#,
    );
    assert_snapshot!(actual, @r"
    **How `import` works**
    - A fallback import for an optional dependency: it runs only when the import in the `try` body failed.
    ");
}

#[test]
fn module_not_found_error_misses_a_missing_name() {
    // Only `ModuleNotFoundError` is caught: a missing name raises plain `ImportError`.
    let actual = hover_notes(
        r#"
try:
    $0from yaml import CSafeLoader
except ModuleNotFoundError:
    CSafeLoader = None
"#,
    );
    assert_snapshot!(actual, @r"
    **How `import` works**
    - An optional dependency: when this import fails, the handler for `ModuleNotFoundError` runs instead (a fallback or a feature switch).
    - `ModuleNotFoundError` (3.6+) means a module is missing; a name missing in `from m import name` raises plain `ImportError`, which it does not catch.
    ");
}

#[test]
fn future_annotations_and_mandatory_features() {
    // `annotations` keeps annotations as strings; `division` is always on in Python 3.
    let actual = hover_notes(
        r#"
$0from __future__ import annotations
"#,
    );
    assert_snapshot!(actual, @r"
    **How `import` works**
    - A compiler directive, not a normal import: it turns on `annotations` for this module only; only the docstring, comments and other future imports may precede it.
    - With `annotations` (PEP 563) annotations are stored as strings and never evaluated at definition time; this holds on 3.14 too, where the import is deprecated but still wins over lazy annotations (PEP 649/749).
    ");
    let actual = hover_notes(
        r#"
$0from __future__ import division, print_function
"#,
    );
    assert_snapshot!(actual, @r"
    **How `import` works**
    - A compiler directive, not a normal import: it turns on `division`, `print_function` for this module only; only the docstring, comments and other future imports may precede it.
    - These features are always on in Python 3, so the import changes nothing there.
    ");
}

#[test]
fn main_guard() {
    // The `if` of `if __name__ == "__main__":`.
    let actual = hover_notes(
        r#"
def main():
    pass

$0if __name__ == "__main__":
    main()
"#,
    );
    assert_snapshot!(actual, @r#"
    **How `import` works**
    - This block runs only when the file is the program's entry point (`python file.py` or `python -m package.module`), where `__name__` is `"__main__"`.
    - When the module is imported, `__name__` is its import name and the block is skipped; `multiprocessing` workers started with `spawn` or `forkserver` re-import the main module and rely on this.
    "#);
}

#[test]
fn import_module_with_a_relative_name_needs_package() {
    // The alias case (`import importlib as il`) and a relative name without `package=`.
    let actual = hover_notes(
        r#"
import importlib as il

plugin = il.$0import_module(".plugins")
"#,
    );
    assert_snapshot!(actual, @r#"
    **How `import` works**
    - Imports the module named by `".plugins"` at run time and returns it (for a dotted name, the submodule itself); later imports of that name come from `sys.modules`.
    - A relative name needs the `package=` argument (usually `__package__`), or it raises TypeError.
    "#);
}

#[test]
fn reload_and_dunder_import() {
    // `reload` runs the module again; `__import__` returns the top-level package.
    let actual = hover_notes(
        r#"
import importlib
import config

importlib.$0reload(config)
"#,
    );
    assert_snapshot!(actual, @r"
    **How `import` works**
    - Runs the code of the already imported module `config` again, into the same module object.
    - Names bound earlier with `from m import name`, and instances of its old classes, keep the old objects.
    ");
    let actual = hover_notes(
        r#"
package = $0__import__("os.path")
"#,
    );
    assert_snapshot!(actual, @r#"
    **How `import` works**
    - The function behind the `import` statement: `__import__("os.path")` returns the top-level package for a dotted name, unless `fromlist` is non-empty.
    - `importlib.import_module()` returns the named module itself and is the documented way to import by name.
    "#);
}

#[test]
fn module_getattr_without_attribute_error() {
    // PEP 562 hook that never raises `AttributeError`.
    let actual = hover_notes(
        r#"
def $0__getattr__(name):
    return None
"#,
    );
    assert_snapshot!(actual, @r"
    **How `import` works**
    - Module `__getattr__` (PEP 562, 3.7+): called with the name when a lookup on this module fails, as in `module.name` or `from module import name`.
    - Used for lazy attributes and deprecation warnings; it is not called for names in the module's globals, nor for bare names used inside the module.
    - It should raise `AttributeError` for unknown names, or `hasattr()` and `getattr(module, name, default)` misbehave.
    ");
}

#[test]
fn a_plain_top_level_import_is_not_explained() {
    // Near misses: an ordinary absolute import, and `__getattr__` as a method.
    check_no_hover(
        r#"
$0import os
"#,
    );
    // A method `__getattr__` is an attribute access hook, not the module hook.
    let method = hover_notes(
        r#"
class Proxy:
    def $0__getattr__(self, name):
        return None
"#,
    );
    assert!(!method.contains("How `import` works"), "{method}");
}
