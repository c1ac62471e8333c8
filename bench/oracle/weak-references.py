"""`weak-references`: the class or function token of `weakref.ref`, `proxy`, `WeakValueDictionary`,
`WeakKeyDictionary`, `WeakSet`, `WeakMethod` and `finalize` calls, through the file's imports."""

import ast

NAMES = {"ref", "proxy", "WeakValueDictionary", "WeakKeyDictionary", "WeakSet", "WeakMethod", "finalize"}


def anchors(tree, source):
    direct, modules = {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "weakref" and node.level == 0:
            for alias in node.names:
                if alias.name in NAMES:
                    direct[alias.asname or alias.name] = alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "weakref":
                    modules.add(alias.asname or alias.name)
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in direct:
            found.add((func.lineno, func.col_offset))
        elif isinstance(func, ast.Attribute) and func.attr in NAMES and isinstance(func.value, ast.Name) and func.value.id in modules:
            found.add((func.end_lineno, func.end_col_offset - len(func.attr)))
    return found
