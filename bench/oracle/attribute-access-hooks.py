"""`attribute-access-hooks`: the name of `__getattr__`, `__getattribute__`, `__setattr__` and
`__delattr__` defs in a class body (a module-level `__getattr__` is another topic)."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _classbody  # noqa: E402

HOOKS = {"__getattr__", "__getattribute__", "__setattr__", "__delattr__"}


def anchors(tree, source):
    lines = _classbody.source_lines(source)
    return {
        _classbody.name_position(definition, lines)
        for klass in _classbody.classes(tree)
        for name, definition in _classbody.methods(klass)
        if name in HOOKS
    }
