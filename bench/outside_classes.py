#!/usr/bin/env python3
"""How often the class-based notes give up on a class defined elsewhere, through the LSP path.

    python3 bench/outside_classes.py SERVER DIR [DIR...]

Each DIR (or, for a `site-packages` folder, each top-level package in it) is one workspace: the
server starts with it as its folder, waits until it is idle (the workspace index built), opens
every file that mentions `super`, `abstractmethod`, `__get__`/`__set__`/`__delete__`/
`__set_name__` or `property`, lists its constructs (`pyexplain/debugDocument`) and hovers every
anchor of `super`, `abstract-base-classes` and `descriptors`. A hover gives up when its notes say
a class is defined elsewhere. Standard library only.
"""

import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import lsp_bench  # noqa: E402

TOPICS = {"super": "`super()` and the MRO", "abstract-base-classes": "Abstract base classes", "descriptors": "Descriptors"}
GIVE_UP = re.compile(r"comes from elsewhere|defined elsewhere|from elsewhere may add|not a class defined in this file")
SHOW = bool(os.environ.get("SHOW"))
MENTIONS = re.compile(r"\bsuper\b|abstractmethod|__get__|__set__|__delete__|__set_name__|\bproperty\b")


def workspaces(paths):
    for path in paths:
        path = Path(path)
        if path.name == "site-packages":
            for child in sorted(path.iterdir()):
                if child.is_dir() and (child / "__init__.py").exists():
                    yield child
        else:
            yield path


def measure(server, workspace, anchors, gave_up):
    files = [path for path in sorted(workspace.rglob("*.py")) if "site-packages" not in path.relative_to(workspace).parts]
    with tempfile.TemporaryDirectory(prefix="outside-") as tmp:
        client, _, _ = lsp_bench.start([server], workspace, 60.0, Path(tmp) / "stderr.log")
        try:
            client.wait_idle(quiet=0.5, limit=120.0)
            for path in files:
                try:
                    text = path.read_text(encoding="utf-8")
                except (UnicodeDecodeError, OSError):
                    continue
                if not MENTIONS.search(text):
                    continue
                uri = path.as_uri()
                client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
                _, document = client.request("pyexplain/debugDocument", {"uri": uri}, timeout=120.0)
                for construct in (document or {}).get("constructs", []):
                    topic = construct["topic"]
                    if topic not in TOPICS:
                        continue
                    start = construct["range"]["start"]
                    _, hover = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": start}, timeout=60.0)
                    value = ((hover or {}).get("contents") or {}).get("value", "")
                    if f"**{TOPICS[topic]}**" not in value:
                        continue
                    anchors[topic] += 1
                    if GIVE_UP.search(value):
                        gave_up[topic] += 1
                        if SHOW:
                            line = next(line for line in value.splitlines() if GIVE_UP.search(line))
                            print(f"{path}:{start['line'] + 1}: {line}", file=sys.stderr)
                client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        finally:
            client.shutdown()


def main():
    server, paths = str(Path(sys.argv[1]).resolve()), sys.argv[2:]
    anchors, gave_up = Counter(), Counter()
    for workspace in workspaces(paths):
        measure(server, workspace, anchors, gave_up)
    print("| topic | anchors | notes that give up on an outside class |")
    print("|---|---|---|")
    for topic in TOPICS:
        total = anchors[topic]
        share = 100.0 * gave_up[topic] / total if total else 0.0
        print(f"| `{topic}` | {total} | {gave_up[topic]} ({share:.0f}%) |")


if __name__ == "__main__":
    main()
