"""`object-creation`: the name of `__new__` defs in a class body."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _classbody  # noqa: E402


def anchors(tree, source):
    lines = _classbody.source_lines(source)
    return {
        _classbody.name_position(definition, lines)
        for klass in _classbody.classes(tree)
        for name, definition in _classbody.methods(klass)
        if name == "__new__"
    }
