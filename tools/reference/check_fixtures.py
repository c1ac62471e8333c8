#!/usr/bin/env python3
"""Check the reference (anchors.py) against the annotated fixtures in tests/fixtures.

A fixture line `#   ^^^ id` (or `!id`) says that the reference (and pyexplain) must (must
not) report `id` at the caret's column on the closest code line above.  This is a check of the
*reference*: a mismatch means the fixture author and the reference read the specification differently.

    python3 tools/reference/check_fixtures.py [FIXTURES_DIR]
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import anchors  # noqa: E402

ANNOTATION = re.compile(r"^(\s*#\s*)(\^+)\s+(.*)$")


def main(argv):
    root = argv[0] if argv else os.path.join(HERE, "..", "..", "tests", "fixtures")
    bad = total = 0
    for path in anchors.iter_py_files(root):
        findings, err = anchors.analyze_file(path)
        if err:
            print("SKIPPED %s: %s" % (path, err))
            continue
        found = set(findings)
        with open(path, "rb") as f:
            lines = anchors.Source(anchors.decode_source(f.read())).lines
        target = None
        for i, line in enumerate(lines):
            m = ANNOTATION.match(line)
            if not m:
                if line.strip() and not line.strip().startswith("#"):
                    target = i
                continue
            prefix = lines[target][:len(m.group(1))] if target is not None else ""
            col = len(prefix.encode("utf-16-le")) // 2
            for tok in m.group(3).split():
                negative = tok.startswith("!")
                tid = tok.lstrip("!")
                if tid not in anchors.ALL_IDS or target is None:
                    continue
                total += 1
                if ((tid, target, col) in found) == negative:
                    bad += 1
                    print("%s %s:%d:%d %s | %s" % (
                        "UNEXPECTED" if negative else "MISSING",
                        os.path.relpath(path, root), target + 1, col + 1, tid,
                        lines[target].strip()[:100]))
    print("%d of %d fixture annotations disagree with the reference" % (bad, total))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
