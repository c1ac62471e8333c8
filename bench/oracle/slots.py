"""`slots`: the `__slots__` name of an assignment in a class body (also under `if`/`try` there)."""

import ast


def class_body_statements(body):
    for statement in body:
        yield statement
        if isinstance(statement, (ast.If, ast.Try, ast.With, ast.For, ast.While)):
            for field in ("body", "orelse", "finalbody"):
                yield from class_body_statements(getattr(statement, field, []))
            for handler in getattr(statement, "handlers", []):
                yield from class_body_statements(handler.body)


def anchors(tree, source):
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        for statement in class_body_statements(node.body):
            if isinstance(statement, ast.Assign):
                targets = statement.targets
            elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
                targets = [statement.target]
            else:
                continue
            for target in targets:
                if isinstance(target, ast.Name) and target.id == "__slots__":
                    found.add((target.lineno, target.col_offset))
    return found
