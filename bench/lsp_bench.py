#!/usr/bin/env python3
"""End-to-end benchmark of a language server's LSP path over stdio (issue 7).

Standard library only (Python 3.9+). The JSON-RPC client is in this file: Content-Length
framing, one reader (the main thread, so a timed round trip has no thread hand-off in it),
non-blocking writes that keep draining the server's output (a server blocked on a full stdout
pipe never deadlocks the client), and a sampler thread that reads the server's process tree
from /proc for memory and CPU.

Default run (pyexplain, _pydecimal.py from this machine's CPython standard library, 5 runs):

    python3 bench/lsp_bench.py
    python3 bench/lsp_bench.py --server "ruff server" --label ruff --server "ty server" --label ty
    python3 bench/lsp_bench.py --with-peers           # adds the peers installed in bench/.peers
    python3 bench/lsp_bench.py --open-many 500        # memory with many documents open
    python3 bench/lsp_bench.py --smoke                # a quick check that the bench still works

The first --server has no --label of its own unless given; with no --server at all the
server is target/release/pyexplain (built with `cargo build --release`).

Per server and run (medians over the runs are reported):
  init ms          process spawn -> initialize reply received
  first hover ms   didOpen sent -> reply to a hover sent right after it, at a construct anchor
                   (`yield from`, `with`, `super`, ... found by scanning the file's tokens)
  warm p50/p99 ms  ~300 hovers one at a time after the server went idle, about a third at
                   anchors, the rest at other identifiers spread over the file
  edit p50/p95 ms  200 one-character edits (insert a random letter at a random place of a random
                   non-blank line, then delete it again; incremental sync, UTF-16 positions,
                   versions +1 each), each followed at once by a hover at an anchor; the time is
                   didChange sent -> hover reply received
  RSS open MB      sum of VmRSS over the process tree once the server went idle after didOpen
  peak RSS MB      max over the session (edits included) of (sampled sum of VmRSS over the
                   process tree every 100 ms, VmHWM of the server)

--open-many N: N copies of a mid-size file under distinct URIs (edits interleaved), RSS after
opening them and after closing them (sampled once the server is idle, at least --close-settle
seconds after the closes), then open/close cycles of a small file (distinct URIs)
with the RSS sampled every 1,000 cycles.
"""

from __future__ import annotations

import argparse
import errno
import fcntl
import json
import os
import random
import re
import select
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import tokenize
import io
import keyword
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

REPO = Path(__file__).resolve().parent.parent
PEERS = REPO / "bench" / ".peers"
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class LspError(Exception):
    pass


# --------------------------------------------------------------------------------------------
# /proc: process tree, memory and CPU
# --------------------------------------------------------------------------------------------


def _children(pid: int) -> List[int]:
    out: List[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return out
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out.extend(int(x) for x in handle.read().split())
        except OSError:
            pass
    return out


def process_tree(pid: int) -> List[int]:
    seen, stack = [], [pid]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.append(current)
        stack.extend(_children(current))
    return seen


def _status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith(key):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_rss_kb(pids: List[int]) -> int:
    return sum(_status_kb(pid, "VmRSS:") for pid in pids)


def machine_busy_ticks() -> int:
    """CPU time the whole machine was busy (all cores), from /proc/stat, in clock ticks."""
    with open("/proc/stat") as handle:
        fields = [int(x) for x in handle.readline().split()[1:]]
    return sum(fields) - fields[3] - (fields[4] if len(fields) > 4 else 0)  # minus idle, iowait


def tree_cpu_ticks(pids: List[int]) -> int:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError, ValueError):
            pass
    return total


class Sampler(threading.Thread):
    """Samples the server's process tree every `interval` seconds: RSS (sum of VmRSS) and CPU."""

    def __init__(self, pid: int, interval: float = 0.1):
        super().__init__(daemon=True)
        self.pid = pid
        self.interval = interval
        self.pids = [pid]
        self.peak_kb = 0
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.seen: Dict[int, Optional[str]] = {pid: _start_time(pid)}  # pid -> start time
        self.last_tree_scan = 0.0

    def sample(self) -> int:
        now = time.monotonic()
        if now - self.last_tree_scan > 0.5:
            pids = process_tree(self.pid)
            with self.lock:
                self.pids = pids
                for child in pids:
                    if child not in self.seen:
                        self.seen[child] = _start_time(child)
            self.last_tree_scan = now
        with self.lock:
            pids = list(self.pids)
        rss = tree_rss_kb(pids)
        hwm = _status_kb(self.pid, "VmHWM:")
        with self.lock:
            self.peak_kb = max(self.peak_kb, rss, hwm)
        return rss

    def run(self) -> None:
        while not self.stop_event.wait(self.interval):
            self.sample()

    def current_pids(self) -> List[int]:
        with self.lock:
            return list(self.pids)


# --------------------------------------------------------------------------------------------
# The JSON-RPC client
# --------------------------------------------------------------------------------------------

DIAG_RE = re.compile(rb'"method"\s*:\s*"textDocument/publishDiagnostics"')


class Client:
    def __init__(self, command: List[str], cwd: Path, stderr_path: Path, env: Optional[Dict[str, str]] = None):
        self.stderr_file = open(stderr_path, "wb")
        self.spawned_at = time.perf_counter()
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr_file,
            cwd=str(cwd),
            bufsize=0,
            env=env,
            start_new_session=True,
        )
        self.out_fd = self.proc.stdout.fileno()
        self.in_fd = self.proc.stdin.fileno()
        flags = fcntl.fcntl(self.in_fd, fcntl.F_GETFL)
        fcntl.fcntl(self.in_fd, fcntl.F_SETFL, flags | os.O_NONBLOCK)
        self.buffer = bytearray()
        self.outbox: List[bytes] = []
        self.writing = False
        self.next_id = 0
        self.responses: Dict[int, Tuple[float, Dict[str, Any]]] = {}
        self.diagnostics_raw: Dict[str, bytes] = {}  # uri -> last publishDiagnostics body (raw)
        self.diag_times: List[float] = []
        self.notifications = 0
        self.server_requests = 0
        self.closed = False
        self.sampler = Sampler(self.proc.pid)
        self.sampler.start()

    # -- framing ----------------------------------------------------------------------------

    def _read_available(self, timeout: float) -> bool:
        """Reads what the server wrote, waiting at most `timeout` seconds. False at EOF."""
        if self.closed:
            return False
        ready, _, _ = select.select([self.out_fd], [], [], max(timeout, 0))
        if not ready:
            return True
        chunk = os.read(self.out_fd, 1 << 20)
        if not chunk:
            self.closed = True
            return False
        self.buffer += chunk
        self._parse()
        return True

    def _parse(self) -> None:
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            length = None
            for line in bytes(self.buffer[:end]).split(b"\r\n"):
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            if length is None:
                raise LspError(f"frame without Content-Length: {bytes(self.buffer[:end])!r}")
            if len(self.buffer) < end + 4 + length:
                return
            body = bytes(self.buffer[end + 4 : end + 4 + length])
            del self.buffer[: end + 4 + length]
            self._dispatch(body)

    def _dispatch(self, body: bytes) -> None:
        now = time.perf_counter()
        # Diagnostics can be large and arrive in the middle of a timed round trip: keep them
        # raw, decode only the URI.
        if DIAG_RE.search(body[:4096]) or (len(body) > 4096 and DIAG_RE.search(body)):
            match = re.search(rb'"uri"\s*:\s*"([^"]*)"', body)
            if match:
                self.diagnostics_raw[match.group(1).decode()] = body
            self.diag_times.append(now)
            self.notifications += 1
            return
        message = json.loads(body)
        if "method" in message and "id" in message:
            self.server_requests += 1
            self._answer_server_request(message)
        elif "method" in message:
            self.notifications += 1
        elif "id" in message:
            self.responses[message["id"]] = (now, message)

    def _answer_server_request(self, message: Dict[str, Any]) -> None:
        method = message["method"]
        result: Any = None
        if method == "workspace/configuration":
            result = [None for _ in message.get("params", {}).get("items", [])]
        elif method == "workspace/workspaceFolders":
            result = [{"uri": self.root_uri, "name": "bench"}] if getattr(self, "root_uri", None) else None
        self._write({"jsonrpc": "2.0", "id": message["id"], "result": result})

    def _write(self, message: Dict[str, Any]) -> None:
        """Queues one frame and sends the queue, frame after frame. A server request answered
        while a frame is half written (the pipe was full and the client drained the server's
        output) is queued behind it, never written into the middle of it."""
        body = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()
        self.outbox.append(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        if self.writing:
            return
        self.writing = True
        try:
            while self.outbox:
                self._send_frame(memoryview(self.outbox.pop(0)))
        finally:
            self.writing = False

    def _send_frame(self, data: memoryview) -> None:
        while data:
            if self.closed or self.proc.poll() is not None:
                raise LspError("server exited")
            try:
                written = os.write(self.in_fd, data)
                data = data[written:]
                continue
            except BlockingIOError:
                pass
            except BrokenPipeError:
                self.closed = True
                raise LspError("server closed its stdin")
            # The pipe is full: drain the server's output while waiting for room.
            readable, _, _ = select.select([self.out_fd], [self.in_fd], [], 1.0)
            if readable:
                chunk = os.read(self.out_fd, 1 << 20)
                if not chunk:
                    self.closed = True
                    raise LspError("server closed its stdout")
                self.buffer += chunk
                self._parse()

    # -- messages ---------------------------------------------------------------------------

    def notify(self, method: str, params: Any) -> None:
        self._write({"jsonrpc": "2.0", "method": method, "params": params})

    def send_request(self, method: str, params: Any) -> int:
        self.next_id += 1
        self._write({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        return self.next_id

    def wait_response(self, request_id: int, timeout: float = 10.0) -> Tuple[float, Dict[str, Any]]:
        deadline = time.perf_counter() + timeout
        while request_id not in self.responses:
            left = deadline - time.perf_counter()
            if left <= 0:
                self.notify("$/cancelRequest", {"id": request_id})
                raise LspError(f"request {request_id} timed out after {timeout} s")
            if not self._read_available(left):
                raise LspError("server exited while a request was pending")
        return self.responses.pop(request_id)

    def request(self, method: str, params: Any, timeout: float = 10.0) -> Tuple[float, Any]:
        """Sends a request and waits for its reply: (round trip in ms, result)."""
        started = time.perf_counter()
        request_id = self.send_request(method, params)
        at, message = self.wait_response(request_id, timeout)
        if "error" in message:
            raise LspError(f"{method}: {message['error']}")
        return (at - started) * 1000.0, message.get("result")

    def pump(self, seconds: float) -> None:
        """Reads (and answers) whatever the server sends for `seconds`."""
        deadline = time.perf_counter() + seconds
        while True:
            left = deadline - time.perf_counter()
            if left <= 0 or not self._read_available(min(left, 0.05)):
                return

    def wait_idle(self, quiet: float = 0.5, threshold: float = 0.05, limit: float = 60.0) -> float:
        """Waits until the server's tree used < `threshold` of one core over `quiet` seconds."""
        started = time.perf_counter()
        while time.perf_counter() - started < limit:
            pids = self.sampler.current_pids()
            before = tree_cpu_ticks(pids)
            self.pump(quiet)
            used = (tree_cpu_ticks(pids) - before) / CLOCK_TICKS
            if used < threshold * quiet:
                break
        return time.perf_counter() - started

    def shutdown(self) -> None:
        try:
            if not self.closed and self.proc.poll() is None:
                self.request("shutdown", None, timeout=10.0)
                self.notify("exit", None)
        except (LspError, OSError):
            pass
        deadline = time.monotonic() + 5
        while self.proc.poll() is None and time.monotonic() < deadline:
            try:
                self.pump(0.05)
            except (LspError, OSError):
                pass
            if self.closed:
                time.sleep(0.05)
        self.sampler.stop_event.set()
        # End what is left by pid: the server, then descendants the sampler saw, each only if it
        # is still the same process (same start time: pids get reused).
        with self.sampler.lock:
            seen = dict(self.sampler.seen)
        leftovers = [pid for pid, started in seen.items() if started is not None and _start_time(pid) == started and _alive(pid)]
        for pid in leftovers:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass
        self.stderr_file.close()


def _start_time(pid: int) -> Optional[str]:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]  # field 22: starttime
    except (OSError, IndexError):
        return None


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# --------------------------------------------------------------------------------------------
# Positions
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class Token:
    __slots__ = ("line", "col", "text", "kind")

    def __init__(self, line: int, col: int, text: str, kind: str):
        self.line, self.col, self.text, self.kind = line, col, text, kind  # col: code points

    def lsp(self, lines: List[str], shift_line: int = -1, shift_col: int = 0, shift_by: int = 0) -> Dict[str, int]:
        """The LSP position (UTF-16) of the middle of the token."""
        col = self.col + len(self.text) // 2
        character = utf16_len(lines[self.line][:col])
        if self.line == shift_line and col >= shift_col:
            character += shift_by
        return {"line": self.line, "character": character}


ANCHOR_WORDS = {"with", "super", "lambda", "nonlocal", "global", "await", "async", "yield", "import"}
PROTOCOL_DUNDERS = {
    "__enter__", "__exit__", "__aenter__", "__aexit__", "__get__", "__set__", "__delete__", "__set_name__",
    "__call__", "__iter__", "__next__", "__aiter__", "__anext__", "__copy__", "__deepcopy__", "__reduce__",
    "__getstate__", "__setstate__", "__init_subclass__", "__class_getitem__", "__getattr__", "__new__",
}
# Preference of the first hover's anchor: `yield from`, `with`, `super` first.
FIRST_PREFERENCE = ["yield from", "with", "super", "decorator", "dunder", "lambda", "yield", "import"]


def scan_tokens(text: str) -> Tuple[List[Token], List[Token]]:
    """(anchors, other identifiers), found by scanning the file's tokens. Anchors are construct
    tokens: `yield` (of a `yield from` too), `with`, `super`, `lambda`, `nonlocal`, `global`,
    `async`/`await`, `import`, `metaclass=`, decorator names and protocol methods' names
    (`def __enter__`, `def __get__`, ...)."""
    anchors: List[Token] = []
    others: List[Token] = []
    significant = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type not in (tokenize.NL, tokenize.COMMENT)]
    for index, token in enumerate(significant):
        if token.type != tokenize.NAME:
            continue
        previous = significant[index - 1] if index else None
        following = significant[index + 1] if index + 1 < len(significant) else None
        item = Token(token.start[0] - 1, token.start[1], token.string, "name")
        word = token.string
        if word == "yield" and following is not None and following.string == "from":
            item.kind = "yield from"
        elif word in ANCHOR_WORDS:
            item.kind = word
        elif word == "metaclass" and following is not None and following.string == "=":
            item.kind = "metaclass"
        elif previous is not None and previous.string == "@" and previous.line[: previous.start[1]].strip() == "":
            item.kind = "decorator"
        elif word in PROTOCOL_DUNDERS and previous is not None and previous.string == "def":
            item.kind = "dunder"
        if item.kind != "name":
            anchors.append(item)
        elif not keyword.iskeyword(word):
            others.append(item)
    return anchors, others


def pick_first_anchor(anchors: List[Token], line_count: int) -> Token:
    """The most preferred kind of anchor the file has, the one nearest the middle of the file."""
    middle = line_count // 2
    for kind in FIRST_PREFERENCE:
        candidates = [token for token in anchors if token.kind == kind]
        if candidates:
            return min(candidates, key=lambda token: (abs(token.line - middle), token.col))
    return min(anchors, key=lambda token: abs(token.line - middle))


# --------------------------------------------------------------------------------------------
# One session
# --------------------------------------------------------------------------------------------


def percentile(values: List[float], q: float) -> Optional[float]:
    if not values:
        return None
    ordered = sorted(values)
    rank = q / 100.0 * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def nonempty_hover(result: Any) -> bool:
    if not result:
        return False
    contents = result.get("contents") if isinstance(result, dict) else None
    if isinstance(contents, dict):
        return bool(contents.get("value"))
    if isinstance(contents, list):
        return any((item.get("value") if isinstance(item, dict) else item) for item in contents)
    return bool(contents)


def client_capabilities() -> Dict[str, Any]:
    return {
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {
            "synchronization": {"dynamicRegistration": False, "didSave": False},
            "hover": {"dynamicRegistration": False, "contentFormat": ["markdown", "plaintext"]},
            "publishDiagnostics": {"relatedInformation": False},
        },
        "workspace": {"configuration": True, "workspaceFolders": True},
        "window": {"workDoneProgress": False},
    }


def start(command: List[str], workspace: Path, timeout: float, log: Path) -> Tuple[Client, float, Dict[str, Any]]:
    client = Client(command, workspace, log)
    root_uri = workspace.as_uri()
    client.root_uri = root_uri
    request_id = client.send_request(
        "initialize",
        {
            "processId": os.getpid(),
            "clientInfo": {"name": "pyexplain-lsp-bench"},
            "rootUri": root_uri,
            "rootPath": str(workspace),
            "workspaceFolders": [{"uri": root_uri, "name": "bench"}],
            "capabilities": client_capabilities(),
        },
    )
    at, message = client.wait_response(request_id, timeout)
    if "error" in message:
        raise LspError(f"initialize: {message['error']}")
    init_ms = (at - client.spawned_at) * 1000.0
    client.notify("initialized", {})
    return client, init_ms, (message.get("result") or {}).get("capabilities") or {}


def sync_kind(capabilities: Dict[str, Any]) -> int:
    sync = capabilities.get("textDocumentSync")
    if isinstance(sync, int):
        return sync
    if isinstance(sync, dict):
        return int(sync.get("change") or 0)
    return 0


class Document:
    """The client's copy of an open document, kept in step with the edits it sends."""

    def __init__(self, uri: str, text: str):
        self.uri = uri
        self.lines = text.split("\n")
        self.version = 1

    def text(self) -> str:
        return "\n".join(self.lines)

    def edit(self, client: Client, kind: int, line: int, col: int, insert: Optional[str]) -> None:
        """Inserts `insert` at (line, col in code points), or deletes the code point there."""
        current = self.lines[line]
        start = utf16_len(current[:col])
        if insert is not None:
            self.lines[line] = current[:col] + insert + current[col:]
            change_range = {"start": {"line": line, "character": start}, "end": {"line": line, "character": start}}
            new_text = insert
        else:
            end = start + utf16_len(current[col])
            self.lines[line] = current[:col] + current[col + 1 :]
            change_range = {"start": {"line": line, "character": start}, "end": {"line": line, "character": end}}
            new_text = ""
        self.version += 1
        if kind == 2:
            change = {"range": change_range, "text": new_text}
        else:
            change = {"text": self.text()}
        client.notify("textDocument/didChange", {"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [change]})


def hover_params(uri: str, position: Dict[str, int]) -> Dict[str, Any]:
    return {"textDocument": {"uri": uri}, "position": position}


def run_session(command: List[str], source: Path, args: argparse.Namespace, seed: int) -> Dict[str, Any]:
    rng = random.Random(seed)
    text = source.read_text(encoding="utf-8")
    lines = text.split("\n")
    anchors, others = scan_tokens(text)
    if not anchors:
        raise SystemExit(f"no construct anchors in {source}")
    result: Dict[str, Any] = {"errors": []}
    with tempfile.TemporaryDirectory(prefix="lspbench-") as tmp:
        workspace = Path(tmp) / "ws"
        workspace.mkdir()
        target = workspace / source.name
        shutil.copyfile(source, target)
        uri = target.as_uri()
        busy_before, wall_before = machine_busy_ticks(), time.perf_counter()
        client, init_ms, capabilities = start(command, workspace, 60.0, Path(tmp) / "stderr.log")
        result["init_ms"] = init_ms
        try:
            kind = sync_kind(capabilities)
            result["sync"] = {0: "none", 1: "full", 2: "incremental"}.get(kind, str(kind))
            result["position_encoding"] = capabilities.get("positionEncoding", "utf-16")
            first = pick_first_anchor(anchors, len(lines))
            started = time.perf_counter()
            client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
            request_id = client.send_request("textDocument/hover", hover_params(uri, first.lsp(lines)))
            at, message = client.wait_response(request_id, 120.0)
            result["first_hover_ms"] = (at - started) * 1000.0
            result["first_hover_at"] = f"{first.kind} {first.line + 1}:{first.col + 1}"
            result["first_hover_nonempty"] = nonempty_hover(message.get("result"))
            result["idle_after_open_s"] = client.wait_idle(limit=args.idle_limit)
            result["rss_open_idle_mb"] = client.sampler.sample() / 1024.0  # file open, analysed, idle

            # Warm hovers: about a third at anchors, the rest at identifiers spread over the file.
            count = args.hovers
            n_anchor = max(1, count // 3)
            spread = others[:: max(1, len(others) // max(1, count - n_anchor))][: count - n_anchor]
            positions = [(token, "anchor") for token in rng.choices(anchors, k=n_anchor)] + [(token, "name") for token in spread]
            rng.shuffle(positions)
            warm: Dict[str, List[float]] = {"anchor": [], "name": []}
            answered: List[float] = []
            nonempty = {"anchor": 0, "name": 0}
            budget_end = time.perf_counter() + args.phase_budget
            for token, where in positions:
                ms, hover = client.request("textDocument/hover", hover_params(uri, token.lsp(lines)), timeout=args.hover_timeout)
                warm[where].append(ms)
                nonempty[where] += nonempty_hover(hover)
                if nonempty_hover(hover):
                    answered.append(ms)
                if time.perf_counter() > budget_end:
                    result["errors"].append(f"warm hovers stopped by the phase budget after {len(warm['anchor']) + len(warm['name'])}")
                    break
            every = warm["anchor"] + warm["name"]
            result["warm_p50_ms"] = percentile(every, 50)
            result["warm_p99_ms"] = percentile(every, 99)
            result["warm_anchor_p50_ms"] = percentile(warm["anchor"], 50)
            result["warm_name_p50_ms"] = percentile(warm["name"], 50)
            result["warm_nonempty_p50_ms"] = percentile(answered, 50)
            result["warm_count"] = len(every)
            result["warm_nonempty"] = {"anchor": f"{nonempty['anchor']}/{len(warm['anchor'])}", "name": f"{nonempty['name']}/{len(warm['name'])}"}

            # Edits: insert a letter, hover; delete it, hover.
            if kind in (1, 2):
                document = Document(uri, text)
                editable = [index for index, line in enumerate(document.lines) if line.strip()]
                times: List[float] = []
                nonempty_after = 0
                budget_end = time.perf_counter() + args.phase_budget
                inserted: Optional[Tuple[int, int]] = None
                for step in range(args.edits):
                    if inserted is None:
                        line = rng.choice(editable)
                        col = rng.randint(0, len(document.lines[line]))
                        letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
                        t0 = time.perf_counter()
                        document.edit(client, kind, line, col, letter)
                        inserted = (line, col)
                        shift = (line, col, 1)
                    else:
                        line, col = inserted
                        t0 = time.perf_counter()
                        document.edit(client, kind, line, col, None)
                        inserted = None
                        shift = (-1, 0, 0)
                    token = rng.choice(anchors)
                    request_id = client.send_request("textDocument/hover", hover_params(uri, token.lsp(document.lines, *shift)))
                    at, message = client.wait_response(request_id, args.hover_timeout)
                    times.append((at - t0) * 1000.0)
                    nonempty_after += nonempty_hover(message.get("result"))
                    if time.perf_counter() > budget_end:
                        result["errors"].append(f"edits stopped by the phase budget after {step + 1}")
                        break
                if inserted is not None:  # leave the text as it was
                    document.edit(client, kind, inserted[0], inserted[1], None)
                result["edit_p50_ms"] = percentile(times, 50)
                result["edit_p95_ms"] = percentile(times, 95)
                result["edit_count"] = len(times)
                result["edit_nonempty"] = f"{nonempty_after}/{len(times)}"
                result["text_restored"] = document.text() == text
                # pyexplain can show its view of the document: check the edits were applied as meant.
                try:
                    _, view = client.request("pyexplain/debugDocument", {"uri": uri}, timeout=30.0)
                    if isinstance(view, dict):
                        result["server_text_matches"] = view.get("text") == text and view.get("version") == document.version
                except LspError:
                    pass
            else:
                result["errors"].append("the server declares no text document sync: edits skipped")
            client.sampler.sample()
            result["peak_rss_mb"] = client.sampler.peak_kb / 1024.0
            result["cpu_s"] = tree_cpu_ticks(client.sampler.current_pids()) / CLOCK_TICKS
            wall = time.perf_counter() - wall_before
            other = (machine_busy_ticks() - busy_before) / CLOCK_TICKS - result["cpu_s"]
            result["other_load_cores"] = max(0.0, other / wall)  # includes this client
        except LspError as error:
            result["errors"].append(str(error))
            result["peak_rss_mb"] = client.sampler.peak_kb / 1024.0
        finally:
            client.shutdown()
            if result["errors"]:
                result["stderr_tail"] = stderr_tail(Path(tmp) / "stderr.log")
    return result


def stderr_tail(path: Path, size: int = 1500) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        return ""
    return data[-size:].decode("utf-8", "replace")


# --------------------------------------------------------------------------------------------
# --open-many
# --------------------------------------------------------------------------------------------


def run_open_many(command: List[str], many_file: Path, small_file: Path, args: argparse.Namespace, seed: int) -> Dict[str, Any]:
    rng = random.Random(seed)
    text = many_file.read_text(encoding="utf-8")
    small = small_file.read_text(encoding="utf-8")
    anchors, _ = scan_tokens(text)
    small_anchors, _ = scan_tokens(small)
    many_lines, small_lines = text.split("\n"), small.split("\n")
    result: Dict[str, Any] = {"errors": [], "file": many_file.name, "file_lines": text.count("\n"), "small_file": small_file.name}
    with tempfile.TemporaryDirectory(prefix="lspbench-") as tmp:
        workspace = Path(tmp) / "ws"
        workspace.mkdir()
        client, init_ms, capabilities = start(command, workspace, 60.0, Path(tmp) / "stderr.log")
        kind = sync_kind(capabilities)
        sampler = client.sampler

        def settle() -> float:
            client.wait_idle(quiet=0.5, limit=args.idle_limit)
            return sampler.sample() / 1024.0

        try:
            result["rss_after_initialize_mb"] = settle()
            # N copies under distinct URIs (not written to disk: only the editor's text counts),
            # after each open one insert + delete in a random open copy, a hover every 10 opens.
            docs: List[Document] = []
            phase_start = time.perf_counter()
            for index in range(args.open_many):
                uri = (workspace / f"copy_{index:04d}_{many_file.name}").as_uri()
                client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
                docs.append(Document(uri, text))
                if kind in (1, 2):
                    doc = rng.choice(docs)
                    editable = [i for i, line in enumerate(doc.lines) if line.strip()]
                    line = rng.choice(editable)
                    col = rng.randint(0, len(doc.lines[line]))
                    doc.edit(client, kind, line, col, "z")
                    doc.edit(client, kind, line, col, None)
                if index % 10 == 9 and anchors:
                    client.request("textDocument/hover", hover_params(uri, rng.choice(anchors).lsp(many_lines)), timeout=args.hover_timeout)
                if time.perf_counter() - phase_start > args.phase_budget:
                    result["errors"].append(f"opening stopped by the phase budget after {index + 1} files")
                    break
            result["opened"] = len(docs)
            result["open_phase_s"] = time.perf_counter() - phase_start
            result["rss_after_opening_mb"] = settle()
            result["peak_rss_while_open_mb"] = sampler.peak_kb / 1024.0
            for doc in docs:
                client.notify("textDocument/didClose", {"textDocument": {"uri": doc.uri}})
            if docs:  # a round trip, so every didClose was read before memory is sampled
                client.request("textDocument/hover", hover_params(docs[0].uri, {"line": 0, "character": 0}), timeout=60.0)
            # Deferred clean-up (a server may release memory a moment after the closes) counts.
            client.pump(args.close_settle)
            result["rss_after_closing_mb"] = settle()

            # Open/close cycles of a small file, distinct URIs.
            samples: List[Tuple[int, float]] = [(0, settle())]
            phase_start = time.perf_counter()
            done = 0
            for cycle in range(1, args.cycles + 1):
                uri = (workspace / f"cycle_{cycle:05d}_{small_file.name}").as_uri()
                client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": small}})
                if cycle % 50 == 0 and small_anchors:
                    client.request("textDocument/hover", hover_params(uri, rng.choice(small_anchors).lsp(small_lines)), timeout=args.hover_timeout)
                client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
                done = cycle
                if cycle % args.cycle_sample == 0:
                    client.request("textDocument/hover", hover_params(uri, {"line": 0, "character": 0}), timeout=60.0)
                    samples.append((cycle, settle()))
                if time.perf_counter() - phase_start > args.phase_budget:
                    result["errors"].append(f"cycles stopped by the phase budget after {cycle}")
                    break
            result["cycles"] = done
            result["cycle_phase_s"] = time.perf_counter() - phase_start
            result["cycle_rss_mb"] = samples
            result["peak_rss_mb"] = sampler.peak_kb / 1024.0
        except LspError as error:
            result["errors"].append(str(error))
        finally:
            client.shutdown()
            if result["errors"]:
                result["stderr_tail"] = stderr_tail(Path(tmp) / "stderr.log")
    return result


# --------------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------------


def stdlib_file(name: str) -> Path:
    path = Path(name)
    if path.is_file():
        return path
    candidate = Path(sysconfig.get_paths()["stdlib"]) / name
    if not candidate.is_file():
        raise SystemExit(f"{name}: not a file, and not in the standard library ({candidate.parent})")
    return candidate


def installed_peers() -> List[Tuple[str, str]]:
    """(label, command) of the peers bench/.peers holds (or PATH has)."""
    peers = []
    venv = PEERS / "venv" / "bin"
    node = PEERS / "node_modules" / ".bin"
    for label, directory, exe, extra in (("ruff", venv, "ruff", "server"), ("ty", venv, "ty", "server"), ("pyright", node, "pyright-langserver", "--stdio")):
        path = directory / exe
        found = str(path) if path.exists() else shutil.which(exe)
        if found:
            peers.append((label, f"{shlex.quote(found)} {extra}"))
    return peers


def fmt(value: Any, digits: int = 2) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def median_of(runs: List[Dict[str, Any]], key: str) -> Optional[float]:
    values = [run[key] for run in runs if isinstance(run.get(key), (int, float))]
    return statistics.median(values) if values else None


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", action="append", default=[], help="server command line (repeatable)")
    parser.add_argument("--label", action="append", default=[], help="label of the --server at the same place")
    parser.add_argument("--with-peers", action="store_true", help="add ruff, ty and pyright from bench/.peers (or PATH)")
    parser.add_argument("--file", default="_pydecimal.py", help="file to open (a path, or a name in the stdlib)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hovers", type=int, default=300)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--hover-timeout", type=float, default=30.0)
    parser.add_argument("--phase-budget", type=float, default=300.0, help="seconds per phase before it is cut short")
    parser.add_argument("--idle-limit", type=float, default=60.0, help="longest wait for the server to go idle")
    parser.add_argument("--open-many", type=int, default=0, metavar="N", help="memory mode: open N copies of --many-file")
    parser.add_argument("--many-file", default="contextlib.py")
    parser.add_argument("--small-file", default="bisect.py")
    parser.add_argument("--cycles", type=int, default=10000)
    parser.add_argument("--close-settle", type=float, default=3.0, help="seconds to wait after the closes before sampling")
    parser.add_argument("--cycle-sample", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="write every run and the medians here")
    parser.add_argument("--smoke", action="store_true", help="1 run, 30 hovers, 20 edits (and 20 files, 200 cycles with --open-many)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.runs, args.hovers, args.edits = 1, 30, 20
        if args.open_many:
            args.open_many, args.cycles, args.cycle_sample = min(args.open_many, 20), 200, 100

    servers: List[Tuple[str, List[str]]] = []
    for index, command in enumerate(args.server):
        words = shlex.split(command)
        label = args.label[index] if index < len(args.label) else Path(words[0]).name
        # Servers run in a temporary workspace: a relative program path means one from here.
        words = [str(Path(word).resolve()) if "/" in word and not word.startswith("/") and Path(word).exists() else word for word in words]
        servers.append((label, words))
    if not servers:
        binary = REPO / "target" / "release" / "pyexplain"
        if not binary.exists():
            raise SystemExit(f"{binary} is missing: run `cargo build --release` (or give --server)")
        servers.append(("pyexplain", [str(binary)]))
    if args.with_peers:
        for label, command in installed_peers():
            if label not in {name for name, _ in servers}:
                servers.append((label, shlex.split(command)))

    report: Dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "servers": {label: " ".join(cmd) for label, cmd in servers}}
    if args.open_many:
        many, small = stdlib_file(args.many_file), stdlib_file(args.small_file)
        report["open_many"] = {}
        for label, command in servers:
            print(f"[{label}] open {args.open_many} x {many.name}, {args.cycles} open/close cycles of {small.name} ...", file=sys.stderr, flush=True)
            try:
                outcome = run_open_many(command, many, small, args, args.seed)
            except (OSError, LspError) as error:
                outcome = {"errors": [f"could not run {' '.join(command)}: {error}"]}
            report["open_many"][label] = outcome
            print(json.dumps(outcome), file=sys.stderr, flush=True)
        print(f"\n| server | RSS after initialize MB | RSS with {args.open_many} x {many.name} open MB | peak MB | after closing all MB | RSS over {args.cycles} open/close cycles of {small.name} (MB, every {args.cycle_sample}) |")
        print("|---|---|---|---|---|---|")
        for label, outcome in report["open_many"].items():
            cycles = ", ".join(f"{mb:.1f}" for _, mb in outcome.get("cycle_rss_mb", []))
            print(f"| {label} | {fmt(outcome.get('rss_after_initialize_mb'), 1)} | {fmt(outcome.get('rss_after_opening_mb'), 1)} | {fmt(outcome.get('peak_rss_while_open_mb'), 1)} | {fmt(outcome.get('rss_after_closing_mb'), 1)} | {cycles} |")
            for error in outcome.get("errors", []):
                print(f"  {label}: {error}")
    else:
        source = stdlib_file(args.file)
        report["file"] = str(source)
        runs: Dict[str, List[Dict[str, Any]]] = {label: [] for label, _ in servers}
        # Runs are interleaved (run 1 of every server, then run 2, ...) so drift hits all alike.
        for run in range(args.runs):
            for label, command in servers:
                try:
                    outcome = run_session(command, source, args, args.seed + run)
                except (OSError, LspError) as error:
                    outcome = {"errors": [f"could not run {' '.join(command)}: {error}"]}
                runs[label].append(outcome)
                print(f"[{label}] run {run + 1}/{args.runs}: " + json.dumps({k: (round(v, 3) if isinstance(v, float) else v) for k, v in outcome.items()}), file=sys.stderr, flush=True)
        keys = ["init_ms", "first_hover_ms", "warm_p50_ms", "warm_p99_ms", "warm_anchor_p50_ms", "warm_nonempty_p50_ms", "edit_p50_ms", "edit_p95_ms", "rss_open_idle_mb", "peak_rss_mb", "other_load_cores"]
        report["runs"] = runs
        report["medians"] = {label: {key: median_of(items, key) for key in keys} for label, items in runs.items()}
        lines = source.read_text(encoding="utf-8").count("\n")
        print(f"\n{source.name} ({lines} lines), medians of {args.runs} run(s), {args.hovers} warm hovers, {args.edits} edits\n")
        print("| server | init ms | first hover ms | warm p50 ms | warm p99 ms | warm p50 at anchors ms | warm p50 of non-empty answers ms | edit p50 ms | edit p95 ms | RSS open+idle MB | peak RSS MB | non-empty hovers (anchors / names) | other load (cores) |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        for label, medians in report["medians"].items():
            last = runs[label][-1] if runs[label] else {}
            ne = last.get("warm_nonempty", {})
            print(
                f"| {label} | {fmt(medians['init_ms'], 1)} | {fmt(medians['first_hover_ms'], 1)} | {fmt(medians['warm_p50_ms'], 3)} | {fmt(medians['warm_p99_ms'], 3)} | "
                f"{fmt(medians['warm_anchor_p50_ms'], 3)} | {fmt(medians['warm_nonempty_p50_ms'], 3)} | {fmt(medians['edit_p50_ms'], 2)} | {fmt(medians['edit_p95_ms'], 2)} | {fmt(medians['rss_open_idle_mb'], 1)} | {fmt(medians['peak_rss_mb'], 1)} | "
                f"{ne.get('anchor', '–')} / {ne.get('name', '–')} | {fmt(medians['other_load_cores'], 2)} |"
            )
        for label, items in runs.items():
            errors = sorted({error for item in items for error in item.get("errors", [])})
            checks = [item.get("server_text_matches") for item in items if "server_text_matches" in item]
            for error in errors:
                print(f"  {label}: {error}")
            if checks and not all(checks):
                print(f"  {label}: the server's text differs from the client's after the edits")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    failed = any(item.get("errors") for items in report.get("runs", {}).values() for item in items) or any(
        outcome.get("errors") for outcome in report.get("open_many", {}).values()
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
