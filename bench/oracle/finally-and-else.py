"""`finally-and-else`: the `finally` keyword, and the `else` keyword of `try`, `for` and `while`
statements (not of `if` or a conditional expression): the last such token before the clause's
first statement."""

import ast
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _keywords import Keywords  # noqa: E402


def anchors(tree, source):
    found = set()
    keywords = None
    for node in ast.walk(tree):
        clauses = []
        if isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            if node.orelse:
                clauses.append(("else", node.orelse[0]))
            if node.finalbody:
                clauses.append(("finally", node.finalbody[0]))
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.While)) and node.orelse:
            clauses.append(("else", node.orelse[0]))
        for spelling, first in clauses:
            keywords = keywords or Keywords(source)
            position = keywords.before(spelling, first)
            if position:
                found.add(position)
    return found
