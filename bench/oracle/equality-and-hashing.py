"""`equality-and-hashing`: the name of `__eq__`, `__ne__` and `__hash__` defs in a class body,
and the `__hash__` target of `__hash__ = None` there."""

import ast
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _classbody  # noqa: E402


def anchors(tree, source):
    lines = _classbody.source_lines(source)
    found = set()
    for klass in _classbody.classes(tree):
        for name, definition in _classbody.methods(klass):
            if name in ("__eq__", "__ne__", "__hash__"):
                found.add(_classbody.name_position(definition, lines))
        for statement in _classbody.body_statements(klass):
            if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant) and statement.value.value is None:
                for target in statement.targets:
                    if isinstance(target, ast.Name) and target.id == "__hash__":
                        found.add((target.lineno, target.col_offset))
            if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name) and statement.target.id == "__hash__":
                if isinstance(statement.value, ast.Constant) and statement.value.value is None:
                    found.add((statement.target.lineno, statement.target.col_offset))
    return found
