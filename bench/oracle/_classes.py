"""Shared reading of imports for the class-model oracles: which local names mean which
qualified names, from the module's own `import` statements (any level, last one wins)."""

import ast


def import_table(tree):
    """Local name -> qualified name, for `import m`, `import m as a`, `from m import n as a`."""
    table = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    table[alias.asname] = alias.name
                else:
                    first = alias.name.split(".")[0]
                    table[first] = first
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                table[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return table


def qualified(node, table):
    """The qualified name of a Name or dotted Attribute through the import table."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name) or node.id not in table:
        return None
    parts.append(table[node.id])
    return ".".join(reversed(parts))


def name_position(node, source_lines):
    """(line, byte column) of the last name of a Name or Attribute."""
    if isinstance(node, ast.Name):
        return (node.lineno, node.col_offset)
    line = source_lines[node.end_lineno - 1].encode("utf-8")
    return (node.end_lineno, node.end_col_offset - len(node.attr.encode("utf-8")))


def def_name_position(node, source_lines):
    """(line, byte column) of a def's or class's name."""
    line = source_lines[node.lineno - 1].encode("utf-8")
    at = line.find(node.name.encode("utf-8"), node.col_offset)
    return (node.lineno, at)
