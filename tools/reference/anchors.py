#!/usr/bin/env python3
"""Independent reference implementation of the anchor rules of the specification.

Written from the topic specification (summarised in docs/reference.md) only (never from the Rust sources), with the
standard library: `ast` for the syntax tree, `symtable` for the free variables of
closures, and plain text scanning for keyword tokens that `ast` does not locate
(the `with` of `async with`, the name after `def`/`class`, the `for` of a generator
expression, an attribute's name).

For every file it returns findings `(id, line, character)`: `id` is a topic id or a
pitfall id, `line` is 0-based, `character` the 0-based UTF-16 column of the anchor
start (for pitfalls: of the diagnostic range start).

Usage:
    python3 anchors.py [--json] FILE_OR_DIR...

Python 3.9+ standard library only.
"""
import ast
import bisect
import builtins
import io
import json
import os
import re
import sys
import symtable
import tokenize

TOPICS = [
    "gil", "import-system", "descriptors", "super", "parameterized-decorators",
    "iteration-protocol", "context-managers", "callable-objects", "yield-from",
    "serialization", "metaclasses", "abstract-base-classes", "caching",
    "typing-annotated", "typing-final", "typing-literal", "typing-protocol",
    "lazy-evaluation", "monkey-patching", "closures", "copying", "thread-safety",
    "dependency-injection", "default-arguments",
]
PITFALLS = [
    "open-without-with", "lru-cache-on-method", "late-binding-closure",
    "yield-in-for-loop", "super-with-arguments", "mutable-default-argument",
    "manual-lock-acquire", "lru-cache-maxsize-none", "pickle-load",
    "abstractmethod-without-abc", "decorator-missing-wraps",
    "stop-iteration-in-generator", "descriptor-as-instance-attribute",
]
ALL_IDS = TOPICS + PITFALLS

BUILTIN_NAMES = set(dir(builtins))

GIL_CLASSES = {
    "threading.Thread", "concurrent.futures.ThreadPoolExecutor",
    "concurrent.futures.ProcessPoolExecutor", "multiprocessing.Process",
    "multiprocessing.Pool",
}
THREAD_SAFETY_CLASSES = {
    "threading." + n for n in
    ("Lock", "RLock", "Condition", "Semaphore", "BoundedSemaphore", "Event", "Barrier")
} | {"queue." + n for n in ("Queue", "LifoQueue", "PriorityQueue", "SimpleQueue")}
# Primitives with acquire()/release() for manual-lock-acquire ("a threading lock").
LOCK_CLASSES = {"threading." + n for n in
                ("Lock", "RLock", "Condition", "Semaphore", "BoundedSemaphore")}
SERIALIZATION_FUNCS = {m + "." + f for m in ("pickle", "json", "marshal")
                       for f in ("dump", "dumps", "load", "loads")} | {
    "pickle.Pickler", "pickle.Unpickler"}
PICKLE_LOAD = {"pickle.load", "pickle.loads", "pickle.Unpickler"}
IMPORTLIB_CALLS = {"importlib.import_module", "importlib.reload", "builtins.__import__"}
COPY_CALLS = {"copy.copy", "copy.deepcopy", "copy.replace", "dataclasses.replace"}
CACHE_DECOS = {"functools.cache", "functools.lru_cache", "functools.cached_property"}
CM_DECOS = {"contextlib.contextmanager", "contextlib.asynccontextmanager"}
TYPING_MODULES = ("typing", "typing_extensions")


def _typing(name):
    return {m + "." + name for m in TYPING_MODULES}


ANNOTATED = _typing("Annotated")
FINAL = _typing("Final")
FINAL_DECO = _typing("final")
LITERAL = _typing("Literal")
PROTOCOL = _typing("Protocol")
METACLASS_BASES = {"builtins.type", "abc.ABCMeta", "enum.EnumMeta", "enum.EnumType"}
ENUM_BASES = {"enum." + n for n in
              ("Enum", "IntEnum", "Flag", "IntFlag", "StrEnum", "ReprEnum")}
PATCH_NAMES = {"unittest.mock.patch"}
PATCH_ATTRS = {"object", "dict", "multiple"}
# Documented hooks and settings: assigning them is the intended API, not monkey patching.
MONKEY_EXCLUDED = {
    "sys.excepthook", "sys.displayhook", "sys.unraisablehook", "sys.breakpointhook",
    "sys.stdout", "sys.stderr", "sys.stdin", "sys.path", "sys.ps1", "sys.ps2",
    "sys.tracebacklimit", "sys.meta_path", "sys.path_hooks", "sys.path_importer_cache",
    "sys.dont_write_bytecode", "sys.pycache_prefix",
    "warnings.showwarning", "warnings.formatwarning", "warnings.filters",
    "threading.excepthook", "logging.raiseExceptions", "logging.logThreads",
    "logging.logProcesses", "logging.logMultiprocessing", "logging.logAsyncioTasks",
    "logging.lastResort", "tempfile.tempdir", "site.USER_BASE", "site.USER_SITE",
    "site.PREFIXES", "site.ENABLE_USER_SITE",
}
# late-binding-closure: calls that keep their argument beyond the iteration.
STORE_METHODS = {"append", "appendleft", "extend", "insert", "add", "setdefault",
                 "update", "put", "put_nowait", "push"}
CALLBACK_FUNCS = {"submit", "call_soon", "call_soon_threadsafe", "call_later", "call_at",
                  "connect", "register", "add_done_callback", "after", "after_idle",
                  "run_in_executor", "apply_async", "map_async", "start_new_thread",
                  "Thread", "Timer", "Process", "bind", "trace_add", "addCleanup",
                  "add_reader", "add_writer", "add_signal_handler"}
CALLBACK_KEYWORDS = {"target", "command", "callback", "fn", "func", "function", "handler"}

FUNC_TYPES = (ast.FunctionDef, ast.AsyncFunctionDef)
COMP_TYPES = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
TRY_TYPES = (ast.Try,) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())


# --------------------------------------------------------------------------- text

class Source:
    """The decoded text, with conversions between ast positions and LSP positions."""

    def __init__(self, text):
        # Line breaks as LSP counts them: \r\n, \r, \n.  Columns do not change.
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.lines = self.text.split("\n")
        self.starts = []
        off = 0
        for ln in self.lines:
            self.starts.append(off)
            off += len(ln) + 1
        self._bytes = {}

    def char_col(self, lineno, byte_col):
        """ast (1-based line, UTF-8 byte column) -> character column."""
        line = self.lines[lineno - 1]
        if line.isascii():
            return byte_col
        b = self._bytes.get(lineno)
        if b is None:
            b = self._bytes[lineno] = line.encode("utf-8")
        return len(b[:byte_col].decode("utf-8", errors="replace"))

    def offset(self, lineno, byte_col):
        return self.starts[lineno - 1] + self.char_col(lineno, byte_col)

    def lsp(self, off):
        """Absolute character offset -> (0-based line, UTF-16 column)."""
        line = bisect.bisect_right(self.starts, off) - 1
        col = off - self.starts[line]
        text = self.lines[line]
        if text.isascii():
            return line, col
        return line, len(text[:col].encode("utf-16-le")) // 2

    def start(self, node):
        return self.offset(node.lineno, node.col_offset)

    def end(self, node):
        return self.offset(node.end_lineno, node.end_col_offset)


_WS = r"(?:[ \t\f]|\\\n)+"
_DEF_RE = re.compile(r"(?:async" + _WS + r")?(?:def|class)" + _WS)
_ASYNC_RE = re.compile(r"async" + _WS)
_GENFOR_RE = re.compile(r"(?:\s|\)|\\\n|#[^\n]*)*(?:async" + _WS + r")?(?=for\b)")


def decode_source(data):
    """Decode bytes as Python does (PEP 263); raises on failure."""
    enc, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    text = data.decode(enc)
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


# --------------------------------------------------------------------------- scopes

def vendored(module):
    """A vendored copy of typing_extensions (`pip._vendor.typing_extensions`) is the same
    module."""
    parts = module.split(".")
    if "typing_extensions" in parts[1:]:
        return ".".join(parts[parts.index("typing_extensions"):])
    return module


class Binding:
    __slots__ = ("kind", "node", "origin", "stmt")

    def __init__(self, kind, node, origin=None, stmt=None):
        self.kind = kind        # import | importfrom | def | class | param | assign
        self.node = node
        self.origin = origin    # dotted origin for imports
        self.stmt = stmt        # the statement holding the binding, when useful


class Scope:
    def __init__(self, kind, node, parent):
        self.kind = kind        # module | function | lambda | class | comp
        self.node = node
        self.parent = parent
        self.bindings = {}
        self.globals = set()
        self.nonlocals = set()
        self.module = parent.module if parent else self

    def is_function(self):
        return self.kind in ("function", "lambda")


class Analysis:
    def __init__(self, tree, src):
        self.tree = tree
        self.src = src
        self.scope_of = {}       # node -> scope it is evaluated in
        self.own_scope = {}      # def/lambda/class/comp node -> the scope it creates
        self.parent = {}         # node -> (parent node, field name)
        for node in ast.walk(tree):
            for field, value in ast.iter_fields(node):
                if isinstance(value, list):
                    for v in value:
                        if isinstance(v, ast.AST):
                            self.parent[v] = (node, field)
                elif isinstance(value, ast.AST):
                    self.parent[value] = (node, field)
        self._by_scope = None
        self.module = Scope("module", tree, None)
        self.own_scope[tree] = self.module
        self._stack = [(tree, self.module)]
        self._run()

    # ---- building
    def _bind(self, scope, name, binding):
        if name in scope.globals:
            scope = scope.module
        elif name in scope.nonlocals:
            return
        scope.bindings.setdefault(name, []).append(binding)

    def _run(self):
        sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
        self._visit(self.tree, self.module)

    def _visit_children(self, node, scope):
        for child in ast.iter_child_nodes(node):
            self._visit(child, scope)

    def _stmt_of(self, node):
        while not isinstance(node, ast.stmt):
            node = self.parent[node][0]
        return node

    def _visit_args_outer(self, args, scope):
        for d in args.defaults:
            self._visit(d, scope)
        for d in args.kw_defaults:
            if d is not None:
                self._visit(d, scope)
        for a in self._all_args(args):
            if a.annotation is not None:
                self._visit(a.annotation, scope)

    @staticmethod
    def _all_args(args):
        out = list(getattr(args, "posonlyargs", [])) + list(args.args)
        if args.vararg:
            out.append(args.vararg)
        out += list(args.kwonlyargs)
        if args.kwarg:
            out.append(args.kwarg)
        return out

    def _visit(self, node, scope):
        self.scope_of[node] = scope
        if isinstance(node, FUNC_TYPES):
            for d in node.decorator_list:
                self._visit(d, scope)
            self._visit_args_outer(node.args, scope)
            if node.returns is not None:
                self._visit(node.returns, scope)
            self._bind(scope, node.name, Binding("def", node))
            new = Scope("function", node, scope)
            self.own_scope[node] = new
            for a in self._all_args(node.args):
                self.scope_of[a] = new
                self._bind(new, a.arg, Binding("param", a))
            for st in node.body:
                self._visit(st, new)
        elif isinstance(node, ast.Lambda):
            self._visit_args_outer(node.args, scope)
            new = Scope("lambda", node, scope)
            self.own_scope[node] = new
            for a in self._all_args(node.args):
                self.scope_of[a] = new
                self._bind(new, a.arg, Binding("param", a))
            self._visit(node.body, new)
        elif isinstance(node, ast.ClassDef):
            for d in node.decorator_list:
                self._visit(d, scope)
            for b in node.bases:
                self._visit(b, scope)
            for k in node.keywords:
                self._visit(k, scope)
            self._bind(scope, node.name, Binding("class", node))
            new = Scope("class", node, scope)
            self.own_scope[node] = new
            for st in node.body:
                self._visit(st, new)
        elif isinstance(node, COMP_TYPES):
            gens = node.generators
            self._visit(gens[0].iter, scope)
            new = Scope("comp", node, scope)
            self.own_scope[node] = new
            for i, g in enumerate(gens):
                self.scope_of[g] = new
                self._visit(g.target, new)
                if i:
                    self._visit(g.iter, new)
                for cond in g.ifs:
                    self._visit(cond, new)
            if isinstance(node, ast.DictComp):
                self._visit(node.key, new)
                self._visit(node.value, new)
            else:
                self._visit(node.elt, new)
        elif isinstance(node, ast.Name):
            if isinstance(node.ctx, ast.Store):
                self._bind(scope, node.id, Binding("assign", node, stmt=self._stmt_of(node)))
        elif isinstance(node, ast.NamedExpr):
            target_scope = scope
            while target_scope.kind == "comp":
                target_scope = target_scope.parent
            self.scope_of[node.target] = scope
            self._bind(target_scope, node.target.id,
                       Binding("assign", node.target, stmt=self._stmt_of(node)))
            self._visit(node.value, scope)
        elif isinstance(node, ast.Import):
            for a in node.names:
                self.scope_of[a] = scope
                if a.asname:
                    self._bind(scope, a.asname, Binding("import", node, vendored(a.name)))
                else:
                    first = a.name.split(".")[0]
                    self._bind(scope, first, Binding("import", node, first))
        elif isinstance(node, ast.ImportFrom):
            mod = vendored("." * (node.level or 0) + (node.module or ""))
            for a in node.names:
                self.scope_of[a] = scope
                if a.name == "*":
                    continue
                origin = (mod + "." + a.name) if not mod.endswith(".") else mod + a.name
                self._bind(scope, a.asname or a.name, Binding("importfrom", node, origin))
        elif isinstance(node, ast.Global):
            scope.globals.update(node.names)
        elif isinstance(node, ast.Nonlocal):
            scope.nonlocals.update(node.names)
        elif isinstance(node, ast.ExceptHandler):
            if node.name:
                self._bind(scope, node.name, Binding("assign", node, stmt=node))
            self._visit_children(node, scope)
        elif hasattr(ast, "MatchAs") and isinstance(node, (ast.MatchAs, ast.MatchStar)):
            if node.name:
                self._bind(scope, node.name, Binding("assign", node))
            self._visit_children(node, scope)
        elif hasattr(ast, "MatchMapping") and isinstance(node, ast.MatchMapping):
            if node.rest:
                self._bind(scope, node.rest, Binding("assign", node))
            self._visit_children(node, scope)
        else:
            self._visit_children(node, scope)

    # ---- resolution
    def lookup(self, name, scope):
        """(scope, bindings) where `name` used in `scope` is bound; (None, None) if unbound."""
        s = scope
        if name in s.globals:
            b = s.module.bindings.get(name)
            return (s.module, b) if b else (None, None)
        if name in s.bindings and name not in s.nonlocals:
            return s, s.bindings[name]
        s = s.parent
        while s is not None:
            if s.kind == "class":
                s = s.parent
                continue
            if s.kind == "module":
                b = s.bindings.get(name)
                return (s, b) if b else (None, None)
            if name in s.bindings and name not in s.nonlocals and name not in s.globals:
                return s, s.bindings[name]
            if name in s.globals:
                b = s.module.bindings.get(name)
                return (s.module, b) if b else (None, None)
            s = s.parent
        return None, None

    def classify(self, name, scope):
        """('import', origins, kinds) | ('builtin', name) | ('local', bindings) | ('unbound',)."""
        _, bs = self.lookup(name, scope)
        if not bs:
            return ("builtin", name) if name in BUILTIN_NAMES else ("unbound",)
        imports = [b for b in bs if b.kind in ("import", "importfrom")]
        if len(imports) == len(bs):
            return ("import", {b.origin for b in imports}, {b.kind for b in imports})
        return ("local", bs)

    def qualnames(self, expr, scope=None):
        """The set of dotted names `expr` can refer to through the file's imports."""
        if scope is None:
            scope = self.scope_of.get(expr)
            if scope is None:
                return set()
        if isinstance(expr, ast.Name):
            c = self.classify(expr.id, scope)
            if c[0] == "import":
                return set(c[1])
            if c[0] == "builtin":
                return {"builtins." + expr.id}
            return set()
        if isinstance(expr, ast.Attribute):
            return {q + "." + expr.attr for q in self.qualnames(expr.value, scope)}
        return set()

    def resolves(self, expr, targets, scope=None):
        return bool(self.qualnames(expr, scope) & targets)

    def local_classes(self, expr):
        """ClassDef nodes `expr` (a Name) refers to, when every binding is a class of the file."""
        if not isinstance(expr, ast.Name):
            return []
        scope = self.scope_of.get(expr)
        if scope is None:
            return []
        _, bs = self.lookup(expr.id, scope)
        if not bs or any(b.kind != "class" for b in bs):
            return []
        return [b.node for b in bs]

    # ---- positions
    def pos(self, node):
        return self.src.lsp(self.src.start(node))

    def name_token_end_pos(self, node):
        """Start of the last identifier of a Name/Attribute (the attribute's name token)."""
        if isinstance(node, ast.Name):
            return self.pos(node)
        end = self.src.end(node)
        text = self.src.text
        i = end
        while i > 0 and (text[i - 1].isalnum() or text[i - 1] == "_" or
                         (ord(text[i - 1]) > 127 and ("a" + text[i - 1]).isidentifier())):
            i -= 1
        return self.src.lsp(i)

    def def_name_pos(self, node):
        off = self.src.start(node)
        m = _DEF_RE.match(self.src.text, off)
        return self.src.lsp(m.end() if m else off)

    def with_pos(self, node):
        off = self.src.start(node)
        if isinstance(node, ast.AsyncWith):
            m = _ASYNC_RE.match(self.src.text, off)
            if m:
                off = m.end()
        return self.src.lsp(off)

    def genexp_for_pos(self, node):
        off = self.src.end(node.elt)
        m = _GENFOR_RE.match(self.src.text, off)
        return self.src.lsp(m.end()) if m else None

    # ---- helpers
    def enclosing_scope_node(self, node):
        return self.scope_of[node].node

    def is_in_class_body(self, def_node):
        return self.scope_of[def_node].kind == "class"

    def ancestors(self, node):
        while node in self.parent:
            node, field = self.parent[node]
            yield node

    def nodes_in_scope(self, scope, types=ast.AST):
        if self._by_scope is None:
            self._by_scope = {}
            for node, s in self.scope_of.items():
                self._by_scope.setdefault(id(s), []).append(node)
        for node in self._by_scope.get(id(scope), ()):
            if isinstance(node, types):
                yield node


def callee_name_node(func):
    """The node whose last token is the callee's last name, or None."""
    if isinstance(func, (ast.Name, ast.Attribute)):
        return func
    return None


def class_defs_in_body(cls, A):
    """Names of functions (and assigned names) defined directly in a class body's scope."""
    scope = A.own_scope[cls]
    return {name for name, bs in scope.bindings.items()}


def class_method_defs(cls, A):
    scope = A.own_scope[cls]
    return [b.node for bs in scope.bindings.values() for b in bs if b.kind == "def"]


def handler_catches(handler, names):
    t = handler.type
    if t is None:
        return "<bare>" in names
    elts = t.elts if isinstance(t, ast.Tuple) else [t]
    for e in elts:
        if isinstance(e, ast.Name) and e.id in names:
            return True
        if isinstance(e, ast.Attribute) and e.attr in names:
            return True
    return False


# --------------------------------------------------------------------------- rules

def analyze_tree(tree, text, filename="<file>"):
    src = Source(text)
    A = Analysis(tree, src)
    out = set()

    def add(id_, pos):
        if pos is not None:
            out.add((id_, pos[0], pos[1]))

    calls = []
    defs = []
    classes = []
    for node in A.scope_of:
        if isinstance(node, ast.Call):
            calls.append(node)
        elif isinstance(node, FUNC_TYPES):
            defs.append(node)
        elif isinstance(node, ast.ClassDef):
            classes.append(node)

    # ---- calls resolved by name
    for call in calls:
        f = callee_name_node(call.func)
        if f is None:
            continue
        q = A.qualnames(f)
        if not q:
            continue
        if q & GIL_CLASSES:
            add("gil", A.name_token_end_pos(f))
        if q & THREAD_SAFETY_CLASSES:
            add("thread-safety", A.name_token_end_pos(f))
        if q & SERIALIZATION_FUNCS:
            add("serialization", A.name_token_end_pos(f))
        if q & PICKLE_LOAD:
            add("pickle-load", A.name_token_end_pos(f))
        if q & IMPORTLIB_CALLS:
            add("import-system", A.name_token_end_pos(f))
        if q & COPY_CALLS:
            add("copying", A.name_token_end_pos(f))
        if "builtins.super" in q and isinstance(f, ast.Name):
            add("super", A.pos(f))
        # unittest.mock.patch(...), patch.object/dict/multiple(...)
        if q & PATCH_NAMES:
            add("monkey-patching", A.name_token_end_pos(f))
        elif isinstance(f, ast.Attribute) and f.attr in PATCH_ATTRS and \
                A.resolves(f.value, PATCH_NAMES):
            add("monkey-patching", A.name_token_end_pos(f.value))
        if "builtins.setattr" in q and call.args and isinstance(call.args[0], ast.Name):
            c = A.classify(call.args[0].id, A.scope_of[call.args[0]])
            if c[0] == "import" and "import" in c[2]:
                excluded = False
                if len(call.args) > 1 and isinstance(call.args[1], ast.Constant) and \
                        isinstance(call.args[1].value, str):
                    excluded = any(o + "." + call.args[1].value in MONKEY_EXCLUDED
                                   for o in c[1])
                if not excluded:
                    add("monkey-patching", A.pos(f))

    # ---- decorators
    for node in defs + classes:
        for d in node.decorator_list:
            target = d.func if isinstance(d, ast.Call) else d
            f = callee_name_node(target)
            if isinstance(d, ast.Call) and f is not None:
                add("parameterized-decorators", A.name_token_end_pos(f))
            if f is None:
                continue
            q = A.qualnames(f)
            if "builtins.property" in q:
                add("descriptors", A.name_token_end_pos(f))
            if q & CM_DECOS:
                add("context-managers", A.name_token_end_pos(f))
            if q & CACHE_DECOS:
                add("caching", A.name_token_end_pos(f))
            if q & FINAL_DECO:
                add("typing-final", A.name_token_end_pos(f))
            if "abc.abstractmethod" in q:
                add("abstract-base-classes", A.name_token_end_pos(f))

    # ---- typing tokens
    for node in A.scope_of:
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) or \
                isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            q = A.qualnames(node)
            if not q:
                continue
            for ids, tid in ((ANNOTATED, "typing-annotated"), (FINAL, "typing-final"),
                             (LITERAL, "typing-literal"), (PROTOCOL, "typing-protocol")):
                if q & ids:
                    add(tid, A.name_token_end_pos(node))

    # ---- dunder defs
    DUNDER_TOPICS = {
        "__get__": "descriptors", "__set__": "descriptors", "__delete__": "descriptors",
        "__set_name__": "descriptors",
        "__iter__": "iteration-protocol", "__next__": "iteration-protocol",
        "__aiter__": "iteration-protocol", "__anext__": "iteration-protocol",
        "__call__": "callable-objects",
    }
    for d in defs:
        tid = DUNDER_TOPICS.get(d.name)
        if tid and A.is_in_class_body(d):
            add(tid, A.def_name_pos(d))
        if d.name in ("__copy__", "__deepcopy__", "__replace__"):
            add("copying", A.def_name_pos(d))
        if d.name == "__getattr__" and A.scope_of[d].kind == "module":
            add("import-system", A.def_name_pos(d))

    # ---- classes
    def bases_q(cls):
        return [A.qualnames(b) for b in cls.bases]

    enum_memo = {}

    def is_enum(cls, depth=0):
        if cls in enum_memo:
            return enum_memo[cls]
        enum_memo[cls] = False
        r = False
        for b in cls.bases:
            if A.resolves(b, ENUM_BASES):
                r = True
            elif depth < 50 and any(is_enum(c, depth + 1) for c in A.local_classes(b)):
                r = True
        enum_memo[cls] = r
        return r

    for cls in classes:
        body_names = A.own_scope[cls].bindings
        defined = {n for n, bs in body_names.items()
                   if any(b.kind in ("def", "assign") for b in bs)}
        if {"__enter__", "__exit__"} <= defined or {"__aenter__", "__aexit__"} <= defined:
            add("context-managers", A.def_name_pos(cls))
        bq = set().union(*bases_q(cls)) if cls.bases else set()
        if bq & METACLASS_BASES:
            add("metaclasses", A.def_name_pos(cls))
        abc_class = "abc.ABC" in bq
        for k in cls.keywords:
            if k.arg == "metaclass":
                add("metaclasses", A.pos(k))
                if A.resolves(k.value, {"abc.ABCMeta"}):
                    abc_class = True
        if abc_class:
            add("abstract-base-classes", A.def_name_pos(cls))

    # ---- with statements, yield from, nonlocal, generator expressions, if __main__
    for node in A.scope_of:
        if isinstance(node, (ast.With, ast.AsyncWith)):
            add("context-managers", A.with_pos(node))
        elif isinstance(node, ast.YieldFrom):
            add("yield-from", A.pos(node))
        elif isinstance(node, ast.Nonlocal):
            add("closures", A.pos(node))
        elif isinstance(node, ast.GeneratorExp):
            add("lazy-evaluation", A.genexp_for_pos(node))
        elif isinstance(node, ast.If) and is_main_test(node.test):
            add("import-system", A.pos(node))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            import_system(A, node, add)

    # ---- generator functions
    gen_yields = {}
    for node, s in A.scope_of.items():
        if isinstance(node, (ast.Yield, ast.YieldFrom)) and s.kind == "function":
            gen_yields.setdefault(s.node, []).append(node)
    for d in defs:
        if d in gen_yields:
            cm = any(A.resolves(dd.func if isinstance(dd, ast.Call) else dd, CM_DECOS)
                     for dd in d.decorator_list)
            if not cm:
                add("lazy-evaluation", A.def_name_pos(d))

    # ---- decorator factories
    def own_defs(fn):
        """name -> every def of that name in fn's own scope."""
        s = A.own_scope[fn]
        out = {}
        for bs in s.bindings.values():
            for b in bs:
                if b.kind == "def":
                    out.setdefault(b.node.name, []).append(b.node)
        return out

    def returned_names(fn):
        s = A.own_scope[fn]
        return {n.value.id for n in A.nodes_in_scope(s, ast.Return)
                if isinstance(n.value, ast.Name)}

    for f in defs:
        inner = own_defs(f)
        ret = returned_names(f)
        for dname in ret:
            if any(wname in own_defs(d) for d in inner.get(dname, ())
                   for wname in returned_names(d)):
                add("parameterized-decorators", A.def_name_pos(f))
                break

    # ---- monkey patching assignments
    for node in A.scope_of:
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
            targets = [node.target]
        for t in targets:
            monkey_target(A, t, add)

    # ---- closures (symtable)
    closures(A, text, filename, defs, add)

    # ---- dependency injection
    dependency_injection(A, classes, add)

    # ---- default arguments
    for d in defs:
        for dv in list(d.args.defaults) + [x for x in d.args.kw_defaults if x is not None]:
            if isinstance(dv, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp,
                               ast.SetComp)):
                add("default-arguments", A.pos(dv))
                add("mutable-default-argument", A.pos(dv))
            elif isinstance(dv, ast.Call):
                add("default-arguments", A.pos(dv))

    # ---- pitfalls
    open_without_with(A, calls, add)
    lru_cache_pitfalls(A, defs, is_enum, add)
    late_binding(A, add)
    yield_in_for_loop(A, add)
    super_with_arguments(A, calls, add)
    manual_lock_acquire(A, add)
    abstractmethod_without_abc(A, classes, add)
    decorator_missing_wraps(A, defs, own_defs, returned_names, add)
    stop_iteration(A, gen_yields, add)
    descriptor_as_instance_attribute(A, classes, add)
    return sorted(out, key=lambda x: (x[1], x[2], x[0]))


def is_main_test(test):
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and
            isinstance(test.ops[0], ast.Eq)):
        return False
    a, b = test.left, test.comparators[0]
    for x, y in ((a, b), (b, a)):
        if isinstance(x, ast.Name) and x.id == "__name__" and \
                isinstance(y, ast.Constant) and y.value == "__main__":
            return True
    return False


def import_system(A, node, add):
    if isinstance(node, ast.ImportFrom) and (node.level or node.module == "__future__"):
        add("import-system", A.pos(node))
        return
    if A.scope_of[node].kind != "module":
        add("import-system", A.pos(node))
        return
    child = node
    for anc in A.ancestors(node):
        if isinstance(anc, TRY_TYPES) and A.parent[child][1] == "body" and \
                any(handler_catches(h, {"ImportError", "ModuleNotFoundError"})
                    for h in anc.handlers):
            add("import-system", A.pos(node))
            return
        if isinstance(anc, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            return
        child = anc


def monkey_target(A, t, add):
    if isinstance(t, (ast.Tuple, ast.List)):
        for e in t.elts:
            monkey_target(A, e, add)
        return
    if not isinstance(t, ast.Attribute):
        return
    chain = [t.attr]
    base = t.value
    if isinstance(base, ast.Attribute):
        chain.insert(0, base.attr)
        base = base.value
    if not isinstance(base, ast.Name):
        return
    c = A.classify(base.id, A.scope_of.get(base) or A.scope_of[t])
    if c[0] != "import" or "import" not in c[2]:
        return
    if any(".".join([o] + chain) in MONKEY_EXCLUDED for o in c[1]):
        return
    add("monkey-patching", A.name_token_end_pos(t))


def closures(A, text, filename, defs, add):
    try:
        top = symtable.symtable(text, filename, "exec")
    except Exception:  # the caller checks compile() first; be defensive
        return
    tables = {}
    stack = [top]
    while stack:
        t = stack.pop()
        kids = t.get_children()
        stack.extend(reversed(kids))
        if str(t.get_type()).lower().endswith("function"):
            tables.setdefault((t.get_name(), t.get_lineno()), []).append(t)
    nodes = {}
    for node in A.scope_of:
        if isinstance(node, FUNC_TYPES):
            nodes.setdefault((node.name, node.lineno), []).append(node)
        elif isinstance(node, ast.Lambda):
            nodes.setdefault(("lambda", node.lineno), []).append(node)
    for key, ns in nodes.items():
        ts = tables.get(key, [])
        ns = sorted(ns, key=lambda n: (n.lineno, n.col_offset))
        for n, t in zip(ns, ts):
            frees = [x for x in t.get_frees() if x not in ("__class__", "__classdict__")]
            if frees:
                if isinstance(n, ast.Lambda):
                    add("closures", A.pos(n))
                else:
                    add("closures", A.def_name_pos(n))


# ---- dependency injection

def _is_exception_class(A, cls, seen):
    if cls in seen:
        return False
    seen.add(cls)
    for b in cls.bases:
        for q in A.qualnames(b):
            if q.startswith("builtins."):
                obj = getattr(builtins, q[9:], None)
                if isinstance(obj, type) and issubclass(obj, BaseException):
                    return True
        for c in A.local_classes(b):
            if _is_exception_class(A, c, seen):
                return True
    return False


def _is_enum_class(A, cls, seen):
    if cls in seen:
        return False
    seen.add(cls)
    for b in cls.bases:
        if A.resolves(b, ENUM_BASES):
            return True
        for c in A.local_classes(b):
            if _is_enum_class(A, c, seen):
                return True
    return False


def _is_injectable_class(A, cls):
    for d in cls.decorator_list:
        t = d.func if isinstance(d, ast.Call) else d
        if A.resolves(t, {"dataclasses.dataclass"}):
            return False
    for b in cls.bases:
        if A.resolves(b, {"typing.NamedTuple", "typing_extensions.NamedTuple"}):
            return False
        if isinstance(b, ast.Call) and A.resolves(b.func, {"collections.namedtuple"}):
            return False
    if _is_enum_class(A, cls, set()) or _is_exception_class(A, cls, set()):
        return False
    return True


def _unconditional_stmts(body):
    for st in body:
        yield st
        if isinstance(st, (ast.With, ast.AsyncWith)):
            yield from _unconditional_stmts(st.body)
        elif isinstance(st, TRY_TYPES):
            yield from _unconditional_stmts(st.body)


def dependency_injection(A, classes, add):
    for cls in classes:
        cscope = A.own_scope[cls]
        for b in cscope.bindings.get("__init__", []):
            init = b.node
            if b.kind != "def":
                continue
            params = Analysis._all_args(init.args)
            if not params:
                continue
            selfname = (list(getattr(init.args, "posonlyargs", [])) + list(init.args.args))
            if not selfname:
                continue
            selfname = selfname[0].arg
            pnames = {p.arg for p in params}
            found = False
            for st in _unconditional_stmts(init.body):
                if not isinstance(st, (ast.Assign, ast.AnnAssign)) or st.value is None:
                    continue
                if not isinstance(st.value, ast.Call):
                    continue
                targets = st.targets if isinstance(st, ast.Assign) else [st.target]
                ok_target = False
                for t in targets:
                    if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and \
                            t.value.id == selfname:
                        x = t.attr
                        if x not in pnames and x.lstrip("_") not in pnames:
                            ok_target = True
                if not ok_target:
                    continue
                cands = A.local_classes(st.value.func)
                if cands and all(_is_injectable_class(A, c) for c in cands):
                    found = True
                    break
            if found:
                add("dependency-injection", A.def_name_pos(init))


# ---- pitfalls

def open_without_with(A, calls, add):
    for call in calls:
        if not (isinstance(call.func, ast.Name) and call.func.id == "open" and
                A.qualnames(call.func) == {"builtins.open"}):
            continue
        par, field = A.parent[call]
        if isinstance(par, ast.Assign):
            if len(par.targets) != 1 or not isinstance(par.targets[0], ast.Name):
                continue
            name = par.targets[0].id
        elif isinstance(par, ast.AnnAssign) and field == "value":
            if not isinstance(par.target, ast.Name):
                continue
            name = par.target.id
        else:
            continue
        scope = A.scope_of[call]
        if _open_escapes(A, name, scope):
            continue
        add("open-without-with", A.pos(call))


FILE_DATA_ATTRS = {"name", "closed", "mode", "encoding", "errors", "newlines",
                   "line_buffering", "write_through"}


def _open_escapes(A, name, scope):
    if name in scope.globals or name in scope.nonlocals:
        return True                      # an outer name: other functions reach it
    for node, s in A.scope_of.items():
        if s is scope or not isinstance(node, ast.Name) or node.id != name:
            continue
        found, _ = A.lookup(name, s)
        if found is not scope:
            continue
        # Used from a nested scope: captured by a def or lambda (the file escapes into
        # the closure); uses in a comprehension are checked like local ones below.
        t = s
        while t is not scope and t.kind == "comp":
            t = t.parent
        if t is not scope:
            return True
    comp_scopes = [s for s in {id(x): x for x in A.scope_of.values()}.values()
                   if s.kind == "comp" and _within(s, scope)]
    for node in [n for sc in [scope] + comp_scopes for n in A.nodes_in_scope(sc)]:
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load):
            par, field = A.parent[node]
            via_genexp = False
            # `NAME if c else None`, `NAME or other`: the value is NAME itself.
            # A generator expression over the file holds it until it is exhausted.
            while isinstance(par, ast.IfExp) and field in ("body", "orelse") or \
                    isinstance(par, ast.BoolOp) or \
                    isinstance(par, ast.comprehension) and field == "iter" and \
                    isinstance(A.parent[par][0], ast.GeneratorExp) and \
                    A.parent[par][0].generators[0] is par:
                if isinstance(par, ast.comprehension):
                    par = A.parent[par][0]
                    via_genexp = True
                par, field = A.parent[par]
            if via_genexp and isinstance(par, (ast.Call, ast.keyword)):
                continue                 # sum(1 for _ in f): consumed at once
            if isinstance(par, ast.withitem) and field == "context_expr":
                return True              # `with NAME:` closes it
            if isinstance(par, ast.Attribute) and par.attr not in FILE_DATA_ATTRS:
                # A bound method of the file handed to a call keeps it.
                gp, gfield = A.parent[par]
                if isinstance(gp, ast.Call) and gfield == "args" or \
                        isinstance(gp, ast.keyword) or isinstance(gp, ast.Starred):
                    return True
            if isinstance(par, (ast.Return, ast.Yield, ast.YieldFrom)):
                return True
            if isinstance(par, (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.Starred)):
                return True
            if isinstance(par, ast.Call) and field in ("args",):
                return True
            if isinstance(par, ast.keyword):
                return True
            if isinstance(par, (ast.Assign, ast.AnnAssign, ast.NamedExpr)) and \
                    field == "value":
                return True              # stored on an attribute, in a container, or
                                         # under another name that shares the file
        elif isinstance(node, TRY_TYPES):
            for st in node.finalbody:
                for sub in ast.walk(st):
                    if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Attribute) and \
                            sub.func.attr == "close" and \
                            isinstance(sub.func.value, ast.Name) and \
                            sub.func.value.id == name:
                        return True
    return False


def _within(inner, outer):
    """Is scope `inner` nested in `outer` through comprehension scopes only?"""
    s = inner
    while s is not None and s.kind == "comp":
        s = s.parent
        if s is outer:
            return True
    return False


def lru_cache_pitfalls(A, defs, is_enum, add):
    for d in defs:
        on_method = False
        if A.is_in_class_body(d):
            cls = A.scope_of[d].node
            static = any(A.resolves(x, {"builtins.staticmethod", "builtins.classmethod"})
                         for x in d.decorator_list)
            on_method = not static and not is_enum(cls)
        for deco in d.decorator_list:
            t = deco.func if isinstance(deco, ast.Call) else deco
            q = A.qualnames(t)
            if not q & {"functools.lru_cache", "functools.cache"}:
                continue
            if on_method:
                add("lru-cache-on-method", A.pos(deco))
                continue
            if isinstance(deco, ast.Call) and "functools.lru_cache" in q:
                none_arg = (deco.args and isinstance(deco.args[0], ast.Constant) and
                            deco.args[0].value is None)
                none_kw = any(k.arg == "maxsize" and isinstance(k.value, ast.Constant) and
                              k.value.value is None for k in deco.keywords)
                if none_arg or none_kw:
                    add("lru-cache-maxsize-none", A.pos(deco))


def _loaded_names(A, fn_node):
    """Name loads inside a lambda/def body (nested scopes included)."""
    roots = [fn_node.body] if isinstance(fn_node, ast.Lambda) else fn_node.body
    for r in roots:
        for n in ast.walk(r):
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                yield n


WRAPPER_CALLS = {"property", "staticmethod", "classmethod", "partial", "cached_property",
                 "MethodType", "partialmethod"}


def _escapes(A, node, loop_scope, comp=None, loop=None):
    """Does the value `node` (a lambda, or a name of a nested def) outlive the iteration?"""
    while True:
        par, field = A.parent[node]
        if isinstance(par, (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.Starred)):
            node = par
            continue
        # property(fn), functools.partial(fn, ...): the wrapper keeps the function.
        if isinstance(par, ast.Call) and field == "args":
            f = par.func
            fname = f.attr if isinstance(f, ast.Attribute) else \
                f.id if isinstance(f, ast.Name) else None
            if fname in WRAPPER_CALLS:
                node = par
                continue
        break
    if comp is not None and par is comp and field in ("elt", "key", "value"):
        return True
    if isinstance(par, (ast.Return, ast.Yield, ast.YieldFrom)):
        return True
    if isinstance(par, ast.keyword):
        if par.arg in CALLBACK_KEYWORDS:
            return True
        node = par
        par, field = A.parent[par]
    if isinstance(par, ast.Call) and field in ("args", "keywords"):
        f = par.func
        name = f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) \
            else None
        if name in CALLBACK_FUNCS:
            return True
        if isinstance(f, ast.Name) and name == "setattr" and \
                A.qualnames(f) == {"builtins.setattr"}:
            return True     # setattr(obj, "a", fn): assigned to an attribute
        if isinstance(f, ast.Attribute) and name in STORE_METHODS:
            return True
        return False
    if isinstance(par, (ast.Assign, ast.AnnAssign)) and field == "value":
        tg = par.targets if isinstance(par, ast.Assign) else [par.target]
        for t in tg:
            if isinstance(t, (ast.Attribute, ast.Subscript)):
                return True
            if isinstance(t, ast.Name) and (t.id in loop_scope.globals or
                                            t.id in loop_scope.nonlocals):
                return True
            if isinstance(t, ast.Name) and loop is not None and \
                    _read_after(A, t.id, loop_scope, loop):
                return True              # an outer name read after the loop
    return False


def _read_after(A, name, scope, loop):
    end = (loop.end_lineno, loop.end_col_offset)
    for n, s in A.scope_of.items():
        if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load) and \
                (n.lineno, n.col_offset) >= end and A.lookup(name, s)[0] is scope:
            return True
    return False


def late_binding(A, add):
    for loop in list(A.scope_of):
        if isinstance(loop, (ast.For, ast.AsyncFor)):
            scope = A.scope_of[loop]
            targets = {n.id for n in ast.walk(loop.target) if isinstance(n, ast.Name)}
            region = set()
            for st in loop.body:
                region.update(ast.walk(st))
            comp = None
        elif isinstance(loop, COMP_TYPES):
            scope = A.own_scope[loop]
            targets = {n.id for g in loop.generators for n in ast.walk(g.target)
                       if isinstance(n, ast.Name)}
            region = None
            comp = loop
        else:
            continue
        for fn in A.nodes_in_scope(scope, (ast.Lambda,) + FUNC_TYPES):
            if region is not None and fn not in region:
                continue
            reads = False
            for n in _loaded_names(A, fn):
                if n.id in targets:
                    found, _ = A.lookup(n.id, A.scope_of[n])
                    if found is scope:
                        reads = True
                        break
            if not reads:
                continue
            if isinstance(fn, ast.Lambda):
                if _escapes(A, fn, scope, comp, None if comp else loop):
                    add("late-binding-closure", A.pos(fn))
            else:
                esc = False
                for n in A.nodes_in_scope(scope, ast.Name):
                    if n.id == fn.name and \
                            isinstance(n.ctx, ast.Load) and \
                            (region is None or n in region) and \
                            _escapes(A, n, scope, comp, None if comp else loop):
                        esc = True
                        break
                if not esc and region is not None and _read_after(A, fn.name, scope, loop):
                    esc = True           # the def's name is used after the loop
                if esc:
                    add("late-binding-closure", A.def_name_pos(fn))


def yield_in_for_loop(A, add):
    for loop in A.scope_of:
        if not isinstance(loop, ast.For) or loop.orelse:
            continue
        if not isinstance(loop.target, ast.Name) or len(loop.body) != 1:
            continue
        st = loop.body[0]
        x = loop.target.id
        if not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Yield) and
                isinstance(st.value.value, ast.Name) and st.value.value.id == x):
            continue
        scope = A.scope_of[loop]
        if scope.kind != "function" or isinstance(scope.node, ast.AsyncFunctionDef):
            continue
        end = (loop.end_lineno, loop.end_col_offset)
        read_after = False
        for n, s in A.scope_of.items():
            if isinstance(n, ast.Name) and n.id == x and isinstance(n.ctx, ast.Load) and \
                    (n.lineno, n.col_offset) >= end:
                found, _ = A.lookup(x, s)
                if found is scope:
                    read_after = True
                    break
        if not read_after:
            add("yield-in-for-loop", A.pos(loop))


def super_with_arguments(A, calls, add):
    for call in calls:
        if not (isinstance(call.func, ast.Name) and call.func.id == "super" and
                A.qualnames(call.func) == {"builtins.super"}):
            continue
        if len(call.args) != 2 or call.keywords or not isinstance(call.args[0], ast.Name):
            continue
        s = A.scope_of[call]
        method = None
        while s is not None and s.kind != "class":
            if s.kind == "function":
                method = s
            s = s.parent
        if s is None or method is None or s.node.name != call.args[0].id:
            continue
        fn = method.node
        pos = list(getattr(fn.args, "posonlyargs", [])) + list(fn.args.args)
        second = call.args[1]
        if pos and isinstance(second, ast.Name) and second.id == pos[0].arg:
            add("super-with-arguments", A.pos(call))


def _lock_assign(A, value):
    return isinstance(value, ast.Call) and A.resolves(value.func, LOCK_CLASSES)


def _class_lock_attrs(A, cls):
    attrs = set()
    cscope = A.own_scope[cls]
    for name, bs in cscope.bindings.items():
        for b in bs:
            if b.kind == "assign" and isinstance(b.stmt, ast.Assign) and \
                    _lock_assign(A, b.stmt.value):
                attrs.add(name)
            if b.kind == "def":
                fn = b.node
                pos = list(getattr(fn.args, "posonlyargs", [])) + list(fn.args.args)
                if not pos:
                    continue
                me = pos[0].arg
                for n in ast.walk(fn):
                    if isinstance(n, ast.Assign) and _lock_assign(A, n.value):
                        for t in n.targets:
                            if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) \
                                    and t.value.id == me:
                                attrs.add(t.attr)
    return attrs


def manual_lock_acquire(A, add):
    lock_attr_memo = {}
    for node in list(A.scope_of):
        for field, value in ast.iter_fields(node):
            if not (isinstance(value, list) and value and isinstance(value[0], ast.stmt)):
                continue
            for i, st in enumerate(value):
                if not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Call)):
                    continue
                call = st.value
                if not (isinstance(call.func, ast.Attribute) and call.func.attr == "acquire"):
                    continue
                ok_args = (not call.args and not call.keywords) or (
                    len(call.args) == 1 and not call.keywords and
                    isinstance(call.args[0], ast.Constant) and call.args[0].value is True) or (
                    not call.args and len(call.keywords) == 1 and
                    call.keywords[0].arg == "blocking" and
                    isinstance(call.keywords[0].value, ast.Constant) and
                    call.keywords[0].value.value is True)
                if not ok_args:
                    continue
                r = call.func.value
                rdump = ast.dump(r)
                released = False
                for st2 in value[i + 1:]:
                    if isinstance(st2, ast.Expr) and isinstance(st2.value, ast.Call) and \
                            isinstance(st2.value.func, ast.Attribute) and \
                            st2.value.func.attr == "release" and \
                            not st2.value.args and not st2.value.keywords and \
                            ast.dump(st2.value.func.value) == rdump:
                        released = True
                        break
                if not released:
                    continue
                scope = A.scope_of[st]
                is_lock = False
                if isinstance(r, ast.Name):
                    found, bs = A.lookup(r.id, scope)
                    if found is scope and bs:
                        is_lock = any(b.kind == "assign" and
                                      isinstance(b.stmt, (ast.Assign, ast.AnnAssign)) and
                                      b.stmt.value is not None and
                                      _lock_assign(A, b.stmt.value) for b in bs)
                elif isinstance(r, ast.Attribute) and isinstance(r.value, ast.Name):
                    s = scope
                    while s is not None and s.kind != "function":
                        s = s.parent
                    if s is not None and s.parent is not None and s.parent.kind == "class":
                        fn = s.node
                        pos = list(getattr(fn.args, "posonlyargs", [])) + list(fn.args.args)
                        if pos and pos[0].arg == r.value.id:
                            cls = s.parent.node
                            if cls not in lock_attr_memo:
                                lock_attr_memo[cls] = _class_lock_attrs(A, cls)
                            is_lock = r.attr in lock_attr_memo[cls]
                if is_lock:
                    add("manual-lock-acquire", A.pos(call))


def abstractmethod_without_abc(A, classes, add):
    memo = {}

    def plain(cls, depth=0):
        """True when every base resolves in the file to classes without any ABC marker."""
        if cls in memo:
            return memo[cls]
        memo[cls] = False
        r = True
        if any(k.arg == "metaclass" for k in cls.keywords):
            r = False
        for b in cls.bases:
            if not r:
                break
            bb = b.value if isinstance(b, ast.Subscript) else b
            q = A.qualnames(bb)
            if q & ({"abc.ABC", "abc.ABCMeta"} | PROTOCOL) or \
                    any(x.startswith("collections.abc.") for x in q):
                r = False
            elif q == {"builtins.object"}:
                continue
            else:
                locs = A.local_classes(bb)
                if not locs or depth > 50:
                    r = False
                elif not all(plain(c, depth + 1) for c in locs):
                    r = False
        memo[cls] = r
        return r

    for cls in classes:
        for fn in class_method_defs(cls, A):
            for deco in fn.decorator_list:
                if A.resolves(deco, {"abc.abstractmethod"}) and plain(cls):
                    add("abstractmethod-without-abc", A.pos(deco))


def decorator_missing_wraps(A, defs, own_defs, returned_names, add):
    for d in defs:
        params = {a.arg for a in Analysis._all_args(d.args)}
        if not params:
            continue
        inner = own_defs(d)
        for w in [w for wname in returned_names(d) for w in inner.get(wname, ())]:
            wname = w.name
            dscope = A.own_scope[d]
            calls_p = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and
                          n.func.id in params and
                          A.lookup(n.func.id, A.scope_of[n.func])[0] is dscope
                          for n in ast.walk(w))
            if not calls_p:
                continue
            wrapped = any(A.resolves(x.func if isinstance(x, ast.Call) else x,
                                     {"functools.wraps"}) for x in w.decorator_list)
            if not wrapped:
                ds = A.own_scope[d]
                for n in A.nodes_in_scope(ds, ast.Call):
                    if A.resolves(n.func, {"functools.update_wrapper"}) and n.args and \
                            isinstance(n.args[0], ast.Name) and n.args[0].id == wname:
                        wrapped = True
                        break
            if not wrapped:
                add("decorator-missing-wraps", A.def_name_pos(w))


def stop_iteration(A, gen_yields, add):
    for fn in gen_yields:
        if not isinstance(fn, FUNC_TYPES):
            continue
        fscope = A.own_scope[fn]
        for r in A.nodes_in_scope(fscope, ast.Raise):
            exc = r.exc
            target = exc.func if isinstance(exc, ast.Call) else exc
            if not (isinstance(target, ast.Name) and target.id == "StopIteration" and
                    A.qualnames(target) == {"builtins.StopIteration"}):
                continue
            caught = False
            child = r
            for anc in A.ancestors(r):
                if anc is fn:
                    break
                if isinstance(anc, TRY_TYPES) and A.parent[child][1] == "body" and \
                        any(handler_catches(h, {"StopIteration", "Exception",
                                                "BaseException", "<bare>"})
                            for h in anc.handlers):
                    caught = True
                    break
                child = anc
            if not caught:
                add("stop-iteration-in-generator", A.pos(r))


def _is_metaclass(A, cls, seen):
    if cls in seen:
        return False
    seen.add(cls)
    for b in cls.bases:
        if A.resolves(b, METACLASS_BASES):
            return True
        if any(_is_metaclass(A, c, seen) for c in A.local_classes(b)):
            return True
    return False


def descriptor_as_instance_attribute(A, classes, add):
    memo = {}

    def dunders(cls, depth=0):
        if cls in memo:
            return memo[cls]
        memo[cls] = set()
        names = {n for n, bs in A.own_scope[cls].bindings.items()
                 if any(b.kind == "def" for b in bs)}
        r = names & {"__get__", "__set__", "__delete__", "__set_name__", "__call__"}
        if depth < 50:
            for b in cls.bases:
                for c in A.local_classes(b):
                    r = r | dunders(c, depth + 1)
        memo[cls] = r
        return r

    def is_descriptor_class(cls):
        d = dunders(cls)
        return "__get__" in d and d != {"__get__", "__call__"}

    for cls in classes:
        if _is_metaclass(A, cls, set()):
            continue                     # its methods receive classes, not instances
        for fn in class_method_defs(cls, A):
            pos = list(getattr(fn.args, "posonlyargs", [])) + list(fn.args.args)
            if not pos:
                continue
            if any(A.resolves(x, {"builtins.classmethod", "builtins.staticmethod"})
                   for x in fn.decorator_list):
                continue
            me = pos[0].arg
            for st in A.nodes_in_scope(A.own_scope[fn], (ast.Assign, ast.AnnAssign)):
                if st.value is None or not isinstance(st.value, ast.Call):
                    continue
                tg = st.targets if isinstance(st, ast.Assign) else [st.target]
                if not any(isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and
                           t.value.id == me for t in tg):
                    continue
                f = st.value.func
                if A.resolves(f, {"builtins.property", "functools.cached_property"}):
                    add("descriptor-as-instance-attribute", A.pos(st))
                    continue
                locs = A.local_classes(f)
                if locs and any(is_descriptor_class(c) for c in locs):
                    add("descriptor-as-instance-attribute", A.pos(st))


# --------------------------------------------------------------------------- driver

class Skip(Exception):
    pass


def analyze_text(text, filename="<file>"):
    try:
        tree = ast.parse(text, filename)
        # Compile-time checks the parser alone does not make (and that symtable needs).
        symtable.symtable(text, filename, "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
        raise Skip("parse: %s: %s" % (type(e).__name__, e))
    return analyze_tree(tree, text, filename)


def analyze_file(path):
    """-> (findings, None) or (None, reason)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        return None, "read: %s" % e
    try:
        text = decode_source(data)
    except (SyntaxError, UnicodeDecodeError, LookupError) as e:
        return None, "decode: %s" % e
    try:
        return analyze_text(text, path), None
    except Skip as e:
        return None, str(e)


# What `pyexplain scan` skips (README): .git, __pycache__, site-packages, virtual
# environments (a directory holding pyvenv.cfg).
SKIP_DIRS = {".git", "__pycache__", "site-packages"}


def iter_py_files(root):
    if os.path.isfile(root):
        yield root
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and
                             not os.path.exists(os.path.join(dirpath, d, "pyvenv.cfg")))
        for fn in sorted(filenames):
            if fn.endswith((".py", ".pyi")):
                yield os.path.join(dirpath, fn)


def main(argv):
    as_json = "--json" in argv
    paths = [a for a in argv if a != "--json"]
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    result = {"files": [], "skipped": []}
    for root in paths:
        for p in iter_py_files(root):
            findings, err = analyze_file(p)
            if err:
                result["skipped"].append({"path": p, "reason": err})
                continue
            if as_json:
                result["files"].append({"path": p, "findings": [list(x) for x in findings]})
            else:
                for id_, line, col in findings:
                    print("%s:%d:%d: %s" % (p, line + 1, col + 1, id_))
    if as_json:
        json.dump(result, sys.stdout, indent=None)
        print()
    else:
        for s in result["skipped"]:
            print("skipped %s: %s" % (s["path"], s["reason"]), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
