"""Keyword positions that `ast` does not record: the last keyword token of a given spelling
before a node starts, found with `tokenize`."""

import bisect
import io
import tokenize


class Keywords:
    def __init__(self, source):
        self.lines = source.splitlines(keepends=True)
        self.tokens = {}
        try:
            for token in tokenize.generate_tokens(io.StringIO(source).readline):
                if token.type in (tokenize.NAME, tokenize.OP):
                    self.tokens.setdefault(token.string, []).append(token.start)
        except (tokenize.TokenError, IndentationError, SyntaxError):
            pass

    def _bytes(self, line, character):
        return len(self.lines[line - 1][:character].encode("utf-8"))

    def _characters(self, line, column):
        return len(self.lines[line - 1].encode("utf-8")[:column].decode("utf-8", errors="replace"))

    def before(self, spelling, node):
        """The (line, byte column) of the last `spelling` token before `node` starts."""
        positions = self.tokens.get(spelling, [])
        index = bisect.bisect_left(positions, (node.lineno, self._characters(node.lineno, node.col_offset))) - 1
        if index < 0:
            return None
        line, character = positions[index]
        return (line, self._bytes(line, character))

    def between(self, spelling, start, end):
        """Every `spelling` token from (line, byte column) `start` up to `end`, as byte positions."""
        positions = self.tokens.get(spelling, [])
        lo = bisect.bisect_left(positions, (start[0], self._characters(start[0], start[1])))
        hi = bisect.bisect_left(positions, (end[0], self._characters(end[0], end[1])))
        return [(line, self._bytes(line, character)) for line, character in positions[lo:hi]]
