"""`type-checking-imports`: the `if` keyword of `if TYPE_CHECKING:` and `if typing.TYPE_CHECKING:`,
the name resolved through the module's imports of `typing` / `typing_extensions`."""

import ast

MODULES = {"typing", "typing_extensions"}


def _is_typing(module):
    return module in MODULES or (module or "").endswith(".typing_extensions")


def anchors(tree, source):
    plain = set()
    modules = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _is_typing(node.module) and node.level == 0:
            for alias in node.names:
                if alias.name == "TYPE_CHECKING":
                    plain.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _is_typing(alias.name):
                    modules.add(alias.asname or alias.name)
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.If):
            continue
        test = node.test
        hit = (isinstance(test, ast.Name) and test.id in plain) or (
            isinstance(test, ast.Attribute)
            and test.attr == "TYPE_CHECKING"
            and isinstance(test.value, ast.Name)
            and test.value.id in modules
        )
        if not hit:
            continue
        # `elif TYPE_CHECKING:` is an `If` inside `orelse` whose position is the `elif` keyword's.
        line = source.splitlines()[node.lineno - 1].encode("utf-8")
        if line[node.col_offset : node.col_offset + 4] == b"elif":
            continue
        found.add((node.lineno, node.col_offset))
    return found
