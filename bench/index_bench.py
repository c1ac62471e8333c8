#!/usr/bin/env python3
"""The workspace index's cost (issue "Facts across files"): standard library only.

    python3 bench/index_bench.py [--server target/profiling/pyexplain] [--stdlib DIR] [--runs 5]

1. `pyexplain bench-index DIR`: the first pass over the standard library as the server makes it
   (files, time, resident memory it adds).
2. The first hover after `initialize`: the server is started with the standard library as its
   workspace folder (so the index is being built) and, for comparison, with an empty folder;
   `_pydecimal.py` is opened right after `initialized` and hovered at its first construct anchor.
   Medians over the runs; the index must not delay that hover.
"""

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import lsp_bench  # noqa: E402


def first_hover_ms(command, workspace, source):
    text = source.read_text(encoding="utf-8")
    lines = text.split("\n")
    anchors, _ = lsp_bench.scan_tokens(text)
    first = lsp_bench.pick_first_anchor(anchors, len(lines))
    with tempfile.TemporaryDirectory(prefix="indexbench-") as tmp:
        client, _, _ = lsp_bench.start(command, workspace, 60.0, Path(tmp) / "stderr.log")
        try:
            uri = (workspace / source.name).as_uri()
            started = time.perf_counter()
            client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
            request_id = client.send_request("textDocument/hover", lsp_bench.hover_params(uri, first.lsp(lines)))
            at, message = client.wait_response(request_id, 120.0)
            assert lsp_bench.nonempty_hover(message.get("result")), message
            return (at - started) * 1000.0
        finally:
            client.shutdown()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default="target/profiling/pyexplain")
    parser.add_argument("--stdlib", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    server = str(Path(args.server).resolve())
    stdlib = Path(args.stdlib)
    print(subprocess.run([server, "bench-index", str(stdlib)], capture_output=True, text=True, check=True).stdout.strip())
    source = stdlib / "_pydecimal.py"
    with tempfile.TemporaryDirectory(prefix="indexbench-empty-") as empty:
        empty_dir = Path(empty)
        (empty_dir / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
        for label, workspace in (("empty workspace", empty_dir), ("standard library as workspace", stdlib)):
            times = [first_hover_ms([server], workspace, source) for _ in range(args.runs)]
            print(f"first hover after initialize, {label}: median {statistics.median(times):.1f} ms (runs: {', '.join(f'{t:.1f}' for t in times)})")


if __name__ == "__main__":
    main()
