"""`super`: the `super` token of every `super(...)` call."""

import ast


def anchors(tree, source):
    return {
        (node.func.lineno, node.func.col_offset)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    }
