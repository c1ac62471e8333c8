"""`async-await`: the `async` keyword of every `async def` and the `await` keyword of every
`await` expression (both are where `ast` puts the node's start)."""

import ast


def anchors(tree, source):
    return {
        (node.lineno, node.col_offset)
        for node in ast.walk(tree)
        if isinstance(node, (ast.AsyncFunctionDef, ast.Await))
    }
