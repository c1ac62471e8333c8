"""`operator-overloading`: the name of the arithmetic, bitwise, unary and ordering dunder defs in a
class body (binary, `__r...__` and `__i...__` forms, no `__idivmod__`), and the decorator name
of `functools.total_ordering` (bare, dotted or called, through the file's imports)."""

import ast
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import _classbody  # noqa: E402

BINARY = ["add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "divmod", "pow", "lshift", "rshift", "and", "xor", "or"]
NAMES = (
    {f"__{stem}__" for stem in BINARY}
    | {f"__r{stem}__" for stem in BINARY}
    | {f"__i{stem}__" for stem in BINARY if stem != "divmod"}
    | {"__neg__", "__pos__", "__abs__", "__invert__", "__lt__", "__le__", "__gt__", "__ge__"}
)


def _total_ordering_names(tree):
    """Local names and module aliases that mean `functools.total_ordering` / `functools`."""
    direct, modules = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "functools" and node.level == 0:
            for alias in node.names:
                if alias.name == "total_ordering":
                    direct.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "functools":
                    modules.add(alias.asname or alias.name)
    return direct, modules


def anchors(tree, source):
    lines = _classbody.source_lines(source)
    found = set()
    direct, modules = _total_ordering_names(tree)
    for klass in _classbody.classes(tree):
        for name, definition in _classbody.methods(klass):
            if name in NAMES:
                found.add(_classbody.name_position(definition, lines))
        for decorator in klass.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if isinstance(target, ast.Name) and target.id in direct:
                found.add((target.lineno, target.col_offset))
            elif (
                isinstance(target, ast.Attribute)
                and target.attr == "total_ordering"
                and isinstance(target.value, ast.Name)
                and target.value.id in modules
            ):
                found.add((target.end_lineno, target.end_col_offset - len("total_ordering")))
    return found
