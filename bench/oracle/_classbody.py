"""Shared by the class-body oracles: defs and assignments of a class body, also under `if`/`try`
in that body, and the position of a def's name."""

import ast


def body_statements(klass):
    """Statements of a class body, entering `if`/`try` (their branches, handlers, `else` and `finally`)."""
    pending = list(klass.body)
    while pending:
        statement = pending.pop(0)
        yield statement
        if isinstance(statement, ast.If):
            pending.extend(statement.body + statement.orelse)
        elif isinstance(statement, (ast.Try, getattr(ast, "TryStar", ast.Try))):
            pending.extend(statement.body + statement.orelse + statement.finalbody)
            for handler in statement.handlers:
                pending.extend(handler.body)


def classes(tree):
    return [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]


def methods(klass):
    """(name, def) for every def of the class body."""
    return [(s.name, s) for s in body_statements(klass) if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))]


def name_position(definition, lines):
    """(line, byte column) of a def's name: the first word after the `def` keyword."""
    line = definition.lineno
    raw = lines[line - 1].encode("utf-8")
    start = raw.find(b"def", definition.col_offset) + 3
    while raw[start:start + 1] in (b" ", b"\t"):
        start += 1
    return (line, start)


def source_lines(source):
    return source.splitlines()
