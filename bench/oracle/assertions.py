"""`assertions`: the `assert` keyword, where each assert statement starts."""

import ast


def anchors(tree, source):
    return {(node.lineno, node.col_offset) for node in ast.walk(tree) if isinstance(node, ast.Assert)}
