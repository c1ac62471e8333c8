//! Monkey-patching: attributes of imported modules replaced for the whole process, and
//! `unittest.mock.patch` with how long it lasts.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn assigning_a_module_function() {
    // `json.dumps = ...` replaces it for everyone; `from json import dumps` keeps the original.
    let actual = hover_notes(
        r#"
import json

json.$0dumps = fast_dumps
"#,
    );
    assert_snapshot!(actual, @r"
    **Monkey patching**
    - Replaces `json.dumps` on the module object the whole process shares: every later lookup of `json.dumps` sees the replacement.
    - Names bound earlier with `from json import dumps` keep the original object.
    - Nothing restores it: undo it in a `finally`, or use `unittest.mock.patch` in tests.
    ");
}

#[test]
fn assigning_a_method_of_a_class_in_a_module() {
    // Through a class of the module: instances see it too.
    let actual = hover_notes(
        r#"
import json

json.JSONEncoder.$0default = encode_anything
"#,
    );
    assert_snapshot!(actual, @r"
    **Monkey patching**
    - Replaces attribute `default` of `json.JSONEncoder` for the whole process, not only for this module.
    - Every later lookup of `json.JSONEncoder.default` sees it, through instances too when `json.JSONEncoder` is a class; a reference taken earlier (`f = json.JSONEncoder.default`) keeps the original.
    - Nothing restores it: undo it in a `finally`, or use `unittest.mock.patch.object` in tests.
    ");
}

#[test]
fn setattr_on_a_module_through_an_alias() {
    // The alias case (`import os as o`) with `setattr` and a literal name, then a computed name.
    let actual = hover_notes(
        r#"
import os as o

$0setattr(o, "getcwd", fake_getcwd)
"#,
    );
    assert_snapshot!(actual, @r"
    **Monkey patching**
    - Replaces `os.getcwd` on the module object the whole process shares: every later lookup of `os.getcwd` sees the replacement.
    - Names bound earlier with `from os import getcwd` keep the original object.
    ");
    let actual = hover_notes(
        r#"
import os

$0setattr(os, name, value)
"#,
    );
    assert_snapshot!(actual, @r"
    **Monkey patching**
    - Sets an attribute of the module `os`, chosen at run time, for the whole process: every later lookup of it sees the replacement.
    - Names bound earlier with `from os import ...` keep the original objects.
    ");
}

#[test]
fn patch_as_a_decorator_and_in_a_with() {
    // The decorator form lasts while the test runs; the `with` form inside the block.
    let actual = hover_notes(
        r#"
from unittest import mock

@mock.$0patch("app.db.connect")
def test_connect(connect):
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Monkey patching**
    - Replaces `app.db.connect` with a mock (or the given `new`) while the decorated function runs, then restores the original.
    - Patch the name where the code under test looks it up: a module that ran `from x import y` holds its own `y`, untouched by patching `x.y`.
    Also: Decorators with parameters (`parameterized-decorators`)
    ");
    let actual = hover_notes(
        r#"
from unittest.mock import patch

def test_save(store):
    with $0patch.object(store, "save") as save:
        pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Monkey patching**
    - Replaces attribute `save` of `store` with a mock (or the given `new`) inside the `with` block, then restores it.
    - Everyone who looks the attribute up on that object sees the mock, other threads included.
    ");
}

#[test]
fn patcher_started_by_hand_needs_stop() {
    // `patcher = patch(...)`: nothing is undone until `stop()`.
    let actual = hover_notes(
        r#"
from unittest.mock import patch

patcher = $0patch("app.clock.now")
patcher.start()
"#,
    );
    assert_snapshot!(actual, @r"
    **Monkey patching**
    - Replaces `app.clock.now` with a mock (or the given `new`) between `start()` and `stop()`, then restores the original.
    - Patch the name where the code under test looks it up: a module that ran `from x import y` holds its own `y`, untouched by patching `x.y`.
    - Nothing is undone until `stop()` runs: pair `start()` with `stop()` or `addCleanup(patcher.stop)`.
    ");
}

#[test]
fn patch_dict_and_patch_multiple() {
    // `patch.dict` restores the mapping; `patch.multiple` lists the attributes.
    let actual = hover_notes(
        r#"
import os
from unittest import mock

@mock.$0patch.dict(os.environ, {"DEBUG": "1"})
def test_debug():
    pass
"#,
    );
    assert_snapshot!(actual, @r"
    **Monkey patching**
    - Sets the given keys of `os.environ` while the decorated function runs, then restores its original content (`clear=True` empties it first).
    ");
    let actual = hover_notes(
        r#"
from unittest import mock

@mock.$0patch.multiple("app.settings", DEBUG=True, spec=True)
class TestSettings:
    pass
"#,
    );
    assert_snapshot!(actual, @r#"
    **Monkey patching**
    - Replaces `DEBUG` of `"app.settings"` at once while each test method of the decorated class runs, then restores them.
    "#);
}

#[test]
fn documented_hooks_and_own_attributes_are_not_patching() {
    // Near misses: `sys.excepthook` is meant to be replaced; `self.x` is no module.
    check_no_hover(
        r#"
import sys

sys.$0excepthook = report
"#,
    );
    check_no_hover(
        r#"
class Box:
    def fill(self):
        self.$0content = 1
"#,
    );
}
