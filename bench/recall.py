#!/usr/bin/env python3
"""Recall and precision of topic anchors against CPython's own parser.

Each `bench/oracle/<topic-id>.py` defines `anchors(tree, source)`: the anchor tokens of that
topic in one module, found with `ast` (and `tokenize` where a keyword's position is not in the
tree), as a set of `(line, column)` pairs, 1-based line and 0-based column in UTF-8 bytes as
`ast` reports them. This script runs `pyexplain scan --format json` over the same paths and
compares, per topic, the start of each construct's range with the oracle's set.

    python3 bench/recall.py PATH... [--topic ID]... [--show 10] [--binary target/debug/pyexplain]

Files the running interpreter cannot parse are skipped (and counted), so run it with the newest
Python on the machine. Standard library only.
"""

import argparse
import ast
import importlib.util
import json
import os
import subprocess
import sys
import warnings
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ORACLES = os.path.join(HERE, "oracle")


def load_oracles(wanted):
    oracles = {}
    for name in sorted(os.listdir(ORACLES)):
        if not name.endswith(".py") or name.startswith("_"):
            continue
        topic = name[:-3]
        if wanted and topic not in wanted:
            continue
        spec = importlib.util.spec_from_file_location(f"oracle_{topic.replace('-', '_')}", os.path.join(ORACLES, name))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        oracles[topic] = module.anchors
    return oracles


SKIPPED_DIRS = {"__pycache__", "site-packages", "node_modules"}


def python_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
            continue
        for root, dirs, files in os.walk(path):
            # The folders `pyexplain scan` skips below a root (`files::collect`).
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
            for name in sorted(files):
                if name.endswith(".py"):
                    yield os.path.join(root, name)


def utf16_to_bytes(line_text, column):
    """An LSP UTF-16 column of one line as a UTF-8 byte column."""
    units = 0
    for index, char in enumerate(line_text):
        if units >= column:
            return len(line_text[:index].encode("utf-8"))
        units += 2 if ord(char) > 0xFFFF else 1
    return len(line_text.encode("utf-8"))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--topic", action="append", default=[])
    parser.add_argument("--show", type=int, default=10, help="misses and extras to print per topic")
    parser.add_argument("--binary", default=os.path.join(HERE, "..", "target", "debug", "pyexplain"))
    options = parser.parse_args()

    oracles = load_oracles(set(options.topic))
    if not oracles:
        sys.exit("no oracle matches --topic")
    scan = subprocess.run([options.binary, "scan", "--format", "json", *options.paths], capture_output=True, text=True)
    report = json.loads(scan.stdout)
    found = defaultdict(set)
    sources = {}
    for entry in report["files"]:
        path = entry["path"]
        for construct in entry["constructs"]:
            if construct["topic"] in oracles:
                found[construct["topic"]].add((path, construct["range"]["start"]["line"], construct["range"]["start"]["character"]))

    expected = defaultdict(set)
    skipped = 0
    for path in python_files(options.paths):
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                tree = ast.parse(data, filename=path)
            source = data.decode("utf-8")
        except (SyntaxError, ValueError, UnicodeDecodeError):
            skipped += 1
            continue
        sources[path.replace(os.sep, "/")] = source.splitlines()
        for topic, anchors in oracles.items():
            for line, column in anchors(tree, source):
                expected[topic].add((path.replace(os.sep, "/"), line, column))

    def as_bytes(item):
        path, line, character = item
        lines = sources.get(path)
        if lines is None or line >= len(lines):
            return None
        return (path, line + 1, utf16_to_bytes(lines[line], character))

    print(f"{len(sources)} files parsed, {skipped} skipped")
    print(f"{'topic':28} {'oracle':>7} {'found':>7} {'recall':>7} {'precision':>9}")
    for topic in sorted(oracles):
        got = {converted for converted in map(as_bytes, found[topic]) if converted}
        want = expected[topic]
        hit = got & want
        recall = len(hit) / len(want) if want else 1.0
        precision = len(hit) / len(got) if got else 1.0
        print(f"{topic:28} {len(want):7} {len(got):7} {recall:7.3f} {precision:9.3f}")
        for label, items in (("missed", want - got), ("extra", got - want)):
            for path, line, column in sorted(items)[: options.show]:
                text = sources.get(path, [""] * line)[line - 1].strip() if line - 1 < len(sources.get(path, [])) else ""
                print(f"    {label}: {path}:{line}:{column}: {text[:100]}")


if __name__ == "__main__":
    main()
