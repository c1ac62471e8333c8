"""`pattern-matching`: the `match` keyword of each match statement and the `case` keyword of
each case clause. `ast` gives where a statement starts (its `match`); a clause has no position,
so its `case` is the last `case` name token before its pattern."""

import ast
import bisect
import io
import tokenize


def anchors(tree, source):
    found = set()
    cases = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Match):
            found.add((node.lineno, node.col_offset))
            cases.extend(case.pattern for case in node.cases)
    if not cases:
        return found
    keywords = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME and token.string == "case":
            keywords.append(token.start)
    lines = source.splitlines(keepends=True)
    for pattern in cases:
        # ast columns are UTF-8 bytes, tokenize columns are characters.
        line = lines[pattern.lineno - 1].encode("utf-8")
        column = len(line[: pattern.col_offset].decode("utf-8", errors="replace"))
        index = bisect.bisect_left(keywords, (pattern.lineno, column)) - 1
        if index >= 0:
            line_number, character = keywords[index]
            text = lines[line_number - 1]
            found.add((line_number, len(text[:character].encode("utf-8"))))
    return found
