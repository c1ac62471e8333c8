//! Serialization: direction, format and safety of `pickle`, `json` and `marshal` calls.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover, hover_notes};

#[test]
fn pickle_loads_can_run_code() {
    // Loading a pickle is arbitrary code execution; the `pickle-load` pitfall may join it.
    let actual = hover(
        r#"
import pickle

def restore(data):
    return pickle.$0loads(data)
"#,
    );
    assert_snapshot!(actual, @r"
    **pickle, json and marshal**

    pickle stores Python objects, json exchanges plain data as text, marshal is the internal format of .pyc files.

    - Deserializes an object from pickled `bytes`.
    - Never unpickle data that others can write or tamper with: a pickle can name any callable to run while loading (arbitrary code execution); prefer `json` plus validation, or sign with `hmac`.

    **Pitfall** (`pickle-load`): Unpickling can run arbitrary code: load pickle data only from a source no untrusted party can write.

    [Python docs](https://docs.python.org/3/library/pickle.html)
    ");
}

#[test]
fn pickle_dumps_with_an_explicit_protocol() {
    // The alias case (`import pickle as p`) with `protocol=` given.
    let actual = hover_notes(
        r#"
import pickle as p

blob = p.$0dumps(state, protocol=5)
"#,
    );
    assert_snapshot!(actual, @r"
    **pickle, json and marshal**
    - Serializes an object to `bytes` in pickle's format, which only Python reads.
    - Protocol `5`; classes and functions are stored by qualified name, so their module must be importable when loading.
    ");
}

#[test]
fn pickle_dump_default_protocol() {
    // No protocol: the default depends on the Python version.
    let actual = hover_notes(
        r#"
import pickle

with open("state.pkl", "wb") as handle:
    pickle.$0dump(state, handle)
"#,
    );
    assert_snapshot!(actual, @r#"
    **pickle, json and marshal**
    - Serializes an object into a file opened in binary mode (`"wb"`), in pickle's format, which only Python reads.
    - Default protocol: 4 on 3.8-3.13, 5 from 3.14 (readable by 3.8+); classes and functions are stored by qualified name, so their module must be importable when loading.
    "#);
}

#[test]
fn json_dumps_and_loads() {
    // Writing loses tuples and non-string keys; loading never runs code.
    let actual = hover_notes(
        r#"
import json

text = json.$0dumps({"a": (1, 2)})
"#,
    );
    assert_snapshot!(actual, @r"
    **pickle, json and marshal**
    - Serializes an object to a JSON `str`, text that any language can read.
    - Tuples come back as lists and non-string keys as strings; sets, bytes and datetimes raise TypeError unless you pass `default=`.
    ");
    let actual = hover_notes(
        r#"
from json import loads

data = $0loads(text)
"#,
    );
    assert_snapshot!(actual, @r"
    **pickle, json and marshal**
    - Parses JSON from a `str`, `bytes` or `bytearray` into dicts, lists, strings, numbers, booleans and `None`.
    - Loading JSON never runs code; still validate the structure before trusting it.
    ");
}

#[test]
fn marshal_is_for_pyc_files() {
    // marshal's format is internal.
    let actual = hover_notes(
        r#"
import marshal

code = marshal.$0loads(blob)
"#,
    );
    assert_snapshot!(actual, @r"
    **pickle, json and marshal**
    - Reads a value from `bytes` in marshal's format, the internal format of `.pyc` files.
    - marshal's format may change between Python versions, cannot store your own classes and is not secure against crafted data: use `pickle` or `json` for your own data.
    ");
}

#[test]
fn a_loads_method_of_another_object_is_not_serialization() {
    // Near miss: `loads` on some other object.
    check_no_hover(
        r#"
data = codec.$0loads(text)
"#,
    );
}
