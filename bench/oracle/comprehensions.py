"""`comprehensions`: the `for` keyword of the first `for` clause of list, set and dict
comprehensions (not generator expressions)."""

import ast
import bisect
import io
import tokenize


def anchors(tree, source):
    lines = source.splitlines(keepends=True)
    try:
        tokens = [
            token
            for token in tokenize.generate_tokens(io.StringIO(source).readline)
            if token.type == tokenize.NAME and token.string == "for"
        ]
    except (tokenize.TokenError, SyntaxError):
        return set()
    starts = [token.start for token in tokens]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.ListComp, ast.SetComp)):
            last = node.elt
        elif isinstance(node, ast.DictComp):
            last = node.value
        else:
            continue
        # The first `for` token after the element (ast columns are UTF-8 bytes, tokenize's are characters).
        end_line = last.end_lineno
        end_char = len(lines[end_line - 1].encode("utf-8")[: last.end_col_offset].decode("utf-8", "replace"))
        position = bisect.bisect_left(starts, (end_line, end_char))
        if position < len(starts):
            line, char = starts[position]
            found.add((line, len(lines[line - 1][:char].encode("utf-8"))))
    return found
