//! Container protocols: what each dunder serves, the protocol the class implements, and the
//! `collections.abc` base that would supply the rest.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn getitem_without_iter_falls_back_to_indexes() {
    let actual = hover_notes(
        r#"
class Deck:
    def __len__(self):
        return 52

    def $0__getitem__(self, index):
        return index
"#,
    );
    assert_snapshot!(actual, @r"
    **Container protocols**
    - `x[key]` calls it; `x[a:b]` passes a `slice`, and negative indexes arrive unchanged.
    - `Deck` defines no `__iter__`: `for` and `in` call `__getitem__(0)`, `(1)`, ... until `IndexError`.
    - `Deck` defines `__len__`, `__getitem__`: a read-only indexable container; `collections.abc.Sequence` would supply `__contains__`, `__iter__`, `__reversed__`, `index` and `count`.
    ");
}

#[test]
fn a_mutable_mapping_shape() {
    let actual = hover_notes(
        r#"
class Registry:
    def __getitem__(self, key):
        return self._data[key]

    def $0__setitem__(self, key, value):
        self._data[key] = value

    def keys(self):
        return self._data.keys()
"#,
    );
    assert_snapshot!(actual, @r"
    **Container protocols**
    - `x[key] = value` calls it (with a `slice` for `x[a:b] = ...`).
    - `Registry` defines `__getitem__`, `__setitem__`: a mutable mapping; `collections.abc.MutableMapping` would supply `pop`, `update`, `setdefault` and the `Mapping` methods, once the class adds `__delitem__`, `__iter__`, `…
    ");
}

#[test]
fn missing_outside_a_dict_subclass_is_never_called() {
    let actual = hover_notes(
        r#"
class Lookup:
    def $0__missing__(self, key):
        return None
"#,
    );
    assert_snapshot!(actual, @r"
    **Container protocols**
    - `Lookup` does not subclass `dict`, so Python never calls `__missing__`; only `dict.__getitem__` does.
    ");
}

#[test]
fn len_without_bool_decides_truth() {
    let actual = hover_notes(
        r#"
import collections.abc

class Bag(collections.abc.Sized):
    def $0__len__(self):
        return 0
"#,
    );
    assert_snapshot!(actual, @r"
    **Container protocols**
    - `len(x)` calls it and needs an `int` of at least 0; without `__bool__`, an empty `x` is false.
    - `Bag` defines `__len__` and inherits the rest of the protocol from `collections.abc.Sized`.
    ");
}

#[test]
fn a_module_level_len_does_not_hover() {
    check_no_hover(
        r#"
def $0__len__(value):
    return 0
"#,
    );
}
