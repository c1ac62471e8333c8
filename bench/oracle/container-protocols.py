"""`container-protocols`: the name of `__len__`, `__getitem__`, `__setitem__`, `__delitem__`,
`__contains__`, `__bool__`, `__reversed__`, `__missing__` and `__length_hint__` defs in a class body."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _classbody  # noqa: E402

NAMES = {
    "__len__",
    "__getitem__",
    "__setitem__",
    "__delitem__",
    "__contains__",
    "__bool__",
    "__reversed__",
    "__missing__",
    "__length_hint__",
}


def anchors(tree, source):
    lines = _classbody.source_lines(source)
    return {
        _classbody.name_position(definition, lines)
        for klass in _classbody.classes(tree)
        for name, definition in _classbody.methods(klass)
        if name in NAMES
    }
