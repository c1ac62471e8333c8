"""`exception-chaining`: the `from` keyword of every `raise X from Y`: the last `from` token
before the cause."""

import ast
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _keywords import Keywords  # noqa: E402


def anchors(tree, source):
    found = set()
    keywords = None
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and node.cause is not None:
            keywords = keywords or Keywords(source)
            position = keywords.before("from", node.cause)
            if position:
                found.add(position)
    return found
