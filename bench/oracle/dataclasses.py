"""`dataclasses`: the decorator name of `dataclasses.dataclass` (bare, dotted or called); the
function token of `dataclasses.field(...)`; the name of a `__post_init__` def in a dataclass."""

import ast
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from _classes import def_name_position, import_table, name_position, qualified  # noqa: E402


def class_body_defs(body):
    for statement in body:
        if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield statement
        elif isinstance(statement, ast.If):
            yield from class_body_defs(statement.body)
            yield from class_body_defs(statement.orelse)
        elif isinstance(statement, ast.Try):
            for block in (statement.body, statement.orelse, statement.finalbody):
                yield from class_body_defs(block)
            for handler in statement.handlers:
                yield from class_body_defs(handler.body)


def anchors(tree, source):
    lines = source.splitlines()
    table = import_table(tree)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            is_dataclass = False
            for decorator in node.decorator_list:
                callee = decorator.func if isinstance(decorator, ast.Call) else decorator
                if qualified(callee, table) == "dataclasses.dataclass":
                    found.add(name_position(callee, lines))
                    is_dataclass = True
            if is_dataclass:
                for function in class_body_defs(node.body):
                    if function.name == "__post_init__":
                        found.add(def_name_position(function, lines))
        elif isinstance(node, ast.Call) and qualified(node.func, table) == "dataclasses.field":
            found.add(name_position(node.func, lines))
    return found
