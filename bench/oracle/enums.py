"""`enums`: the class name of a class whose bases include `enum.Enum`, `IntEnum`, `StrEnum`,
`Flag`, `IntFlag` or an enum class of the file; the function token of `enum.auto()`; the
decorator name of `enum.unique`."""

import ast
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _classes import def_name_position, import_table, name_position, qualified  # noqa: E402

BASES = {"enum.Enum", "enum.IntEnum", "enum.StrEnum", "enum.Flag", "enum.IntFlag"}
ALL_ENUM_BASES = BASES | {"enum.ReprEnum"}


def anchors(tree, source):
    lines = source.splitlines()
    table = import_table(tree)
    found = set()
    enum_classes = set()
    # Classes in document order, so a base defined above is known.
    classes = sorted((node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)), key=lambda node: (node.lineno, node.col_offset))
    for node in classes:
        direct = any(qualified(base, table) in BASES for base in node.bases)
        through_enum = any(qualified(base, table) in ALL_ENUM_BASES for base in node.bases)
        local = any(isinstance(base, ast.Name) and base.id in enum_classes and base.id not in table for base in node.bases)
        metaclass = any(
            keyword.arg == "metaclass" and qualified(keyword.value, table) in {"enum.EnumMeta", "enum.EnumType"} for keyword in node.keywords
        )
        if direct or local:
            found.add(def_name_position(node, lines))
        if direct or local or through_enum or metaclass:
            enum_classes.add(node.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and qualified(node.func, table) == "enum.auto":
            found.add(name_position(node.func, lines))
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                callee = decorator.func if isinstance(decorator, ast.Call) else decorator
                if qualified(callee, table) == "enum.unique":
                    found.add(name_position(callee, lines))
    return found
