"""Writes the table of builtin and standard-library classes that pyexplain embeds.

Run with the interpreter the table describes (standard library only):

    python3.13 tools/stdlib_classes.py > src/analysis/semantics/stdlib_classes.json

For every public class of the modules below (and every class of their MROs and metaclasses),
one record: its qualified name, its name, its MRO after itself, its metaclass, the names its own
`__dict__` defines, the abstract methods `ABCMeta` still counts, `__slots__` and
`__match_args__`. Public names that mean the same class elsewhere (`io.StringIO` is
`_io.StringIO`, `typing.List` stands for `list` as a base) are aliases.
`tests/it/stdlib_classes.rs` reruns this script and fails when the committed table is stale.
"""

import importlib
import json
import sys
import types
import warnings

MODULES = [
    "builtins",
    "abc",
    "argparse",
    "array",
    "ast",
    "asyncio",
    "codecs",
    "collections",
    "collections.abc",
    "concurrent.futures",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "csv",
    "dataclasses",
    "datetime",
    "decimal",
    "email.message",
    "enum",
    "fractions",
    "functools",
    "html.parser",
    "http.client",
    "http.server",
    "importlib.abc",
    "importlib.machinery",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "logging",
    "logging.handlers",
    "multiprocessing",
    "numbers",
    "operator",
    "os",
    "pathlib",
    "pickle",
    "queue",
    "random",
    "re",
    "reprlib",
    "selectors",
    "socket",
    "socketserver",
    "string",
    "struct",
    "subprocess",
    "tempfile",
    "threading",
    "types",
    "typing",
    "unittest",
    "unittest.mock",
    "urllib.request",
    "uuid",
    "weakref",
    "xml.etree.ElementTree",
    "zipfile",
]


def own_name(cls):
    """`module.qualname` as the class says it."""
    return f"{cls.__module__}.{cls.__qualname__}"


def public_names():
    """(public qualified name, class) for every public class of MODULES, in order."""
    found = []
    for module_name in MODULES:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                module = importlib.import_module(module_name)
        except ImportError:
            continue
        names = getattr(module, "__all__", None) if module_name != "builtins" else None
        if names is None:
            names = [name for name in dir(module) if not name.startswith("_")]
        for name in sorted(set(names)):
            try:
                value = getattr(module, name)
            except AttributeError:
                continue
            found.append((f"{module_name}.{name}", value))
    return found


def preferred(name, cls):
    """How well `name` names `cls`: its own module (less a leading underscore) and name first."""
    module, _, last = name.rpartition(".")
    own_module = cls.__module__.lstrip("_").replace("collections_abc", "collections.abc")
    return (last != cls.__name__, module != own_module, module != "builtins")


def main():
    canonical = {}  # id(class) -> qualified name
    classes = {}  # qualified name -> class
    aliases = {}
    pending = []

    def admit(name, cls):
        canonical[id(cls)] = name
        classes[name] = cls
        pending.append(cls)

    public = public_names()
    names_of = {}
    for name, value in public:
        if isinstance(value, type):
            names_of.setdefault(id(value), (value, []))[1].append(name)
    for cls, names in names_of.values():
        best = min(names, key=lambda name: preferred(name, cls))
        admit(best, cls)
        for name in names:
            if name != best:
                aliases[name] = best
    # Typing aliases that stand for a class as a base (`typing.List` for `list`).
    for name, value in public:
        origin = getattr(value, "__origin__", None)
        if not isinstance(value, type) and isinstance(origin, type) and name.startswith("typing."):
            if id(origin) not in canonical:
                admit(own_name(origin), origin)
            aliases.setdefault(name, canonical[id(origin)])
    # Every class an MRO or a metaclass reaches, under its own name.
    while pending:
        cls = pending.pop()
        for other in list(cls.__mro__[1:]) + [type(cls)]:
            if id(other) not in canonical:
                admit(own_name(other), other)
    records = []
    for name in sorted(classes):
        cls = classes[name]
        own = cls.__dict__
        slots = own.get("__slots__")
        if isinstance(slots, str):
            slots = [slots]
        match_args = own.get("__match_args__")
        record = {
            "q": name,
            "n": cls.__name__,
            "mro": [canonical[id(other)] for other in cls.__mro__[1:]],
            "meta": canonical[id(type(cls))],
            "defs": sorted(str(key) for key in own),
        }
        abstract = sorted(getattr(cls, "__abstractmethods__", ()) or ())
        if abstract:
            record["abstract"] = abstract
        if slots is not None:
            try:
                record["slots"] = [str(slot) for slot in slots]
            except TypeError:
                pass
        if isinstance(match_args, tuple):
            record["match_args"] = [str(arg) for arg in match_args]
        records.append(record)

    version = "%d.%d.%d" % sys.version_info[:3]
    table = {"python": version, "aliases": dict(sorted(aliases.items())), "classes": records}
    sys.stdout.write(json.dumps(table, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
