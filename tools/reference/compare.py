#!/usr/bin/env python3
"""Measure pyexplain's detectors against the independent reference (anchors.py).

    python3 tools/reference/compare.py CORPUS_DIR [--binary target/debug/pyexplain]
        [--exclude DIR]... [--show ID]... [--limit 30] [--jobs N]
        [--scan-json FILE] [--save-scan FILE] [--no-build]

Runs `pyexplain scan --format json CORPUS_DIR`, runs anchors.py over the same `.py`
files, and prints per topic and pitfall id: the reference count, pyexplain's count,
the true positives (same id, same 0-based line, same UTF-16 start character),
precision = TP / pyexplain and recall = TP / reference.  With `--show ID` it lists up
to `--limit` false positives and false negatives with the source line.

Standard library only (Python 3.9+).
"""
import argparse
import collections
import json
import os
import subprocess
import sys
import time
from multiprocessing import Pool

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import anchors  # noqa: E402

REPO = os.path.dirname(os.path.dirname(HERE))
PITFALL_IDS = set(anchors.PITFALLS)


def newest_mtime(paths):
    newest = 0.0
    for p in paths:
        if os.path.isfile(p):
            newest = max(newest, os.path.getmtime(p))
        elif os.path.isdir(p):
            for dp, _, fns in os.walk(p):
                for fn in fns:
                    newest = max(newest, os.path.getmtime(os.path.join(dp, fn)))
    return newest


def ensure_binary(binary, allow_build):
    """Build with `cargo build` only when the binary is missing or older than its sources."""
    inputs = [os.path.join(REPO, x) for x in
              ("src", "knowledge", "build.rs", "Cargo.toml", "Cargo.lock")]
    missing = not os.path.exists(binary)
    stale = not missing and newest_mtime(inputs) > os.path.getmtime(binary)
    if (missing or stale) and allow_build:
        print("# %s is %s: cargo build" % (binary, "missing" if missing else "stale"),
              file=sys.stderr)
        r = subprocess.run(["cargo", "build"], cwd=REPO)
        if r.returncode != 0:
            print("# cargo build failed; using the existing binary if any", file=sys.stderr)
    elif stale:
        print("# warning: %s is older than its sources (--no-build)" % binary,
              file=sys.stderr)
    if not os.path.exists(binary):
        sys.exit("no binary at %s" % binary)


def run_scan(binary, corpus):
    t = time.time()
    r = subprocess.run([binary, "scan", "--format", "json", corpus],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode not in (0, 2):
        sys.stderr.write(r.stderr.decode("utf-8", "replace")[-4000:])
        sys.exit("pyexplain scan exited with %d" % r.returncode)
    doc = json.loads(r.stdout.decode("utf-8"))
    print("# pyexplain scan: %.1fs, exit %d" % (time.time() - t, r.returncode),
          file=sys.stderr)
    return doc


def rel(path, corpus):
    return os.path.relpath(os.path.normpath(path), corpus).replace(os.sep, "/")


def excluded(relpath, excludes):
    parts = relpath.split("/")
    for e in excludes:
        e = e.strip("/")
        if "/" in e:
            if relpath == e or relpath.startswith(e + "/"):
                return True
        elif e in parts[:-1] or relpath == e:
            return True
    return False


def _ref_one(path):
    findings, err = anchors.analyze_file(path)
    return path, findings, err


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--binary", default=os.path.join(REPO, "target", "debug", "pyexplain"))
    ap.add_argument("--exclude", action="append", default=[],
                    help="skip a directory name anywhere (e.g. test) or a relative path")
    ap.add_argument("--show", action="append", default=[], help="id to list mismatches of")
    ap.add_argument("--limit", type=int, default=30)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--scan-json", help="reuse a saved `scan --format json` document")
    ap.add_argument("--save-scan", help="save pyexplain's JSON document here")
    ap.add_argument("--no-build", action="store_true", help="never run cargo build")
    ap.add_argument("--verbose", action="store_true", help="list skipped files")
    ap.add_argument("--pitfall-columns", action="store_true",
                    help="match pitfalls on the start column too, not only the line")
    args = ap.parse_args(argv)

    corpus = os.path.abspath(args.corpus)
    if args.scan_json:
        with open(args.scan_json, encoding="utf-8") as f:
            doc = json.load(f)
    else:
        binary = os.path.abspath(args.binary)
        ensure_binary(binary, not args.no_build)
        doc = run_scan(binary, corpus)
        if args.save_scan:
            with open(args.save_scan, "w", encoding="utf-8") as f:
                json.dump(doc, f)

    # ---- pyexplain's findings
    px = collections.defaultdict(collections.Counter)   # rel -> Counter((id, line, col))
    px_errors = set()
    unknown_ids = collections.Counter()
    for f in doc.get("files", []):
        r = rel(f["path"], corpus)
        c = px[r]
        for e in f.get("constructs", []):
            s = e["range"]["start"]
            c[(e["topic"], s["line"], s["character"])] += 1
            if e["topic"] not in anchors.ALL_IDS:
                unknown_ids[e["topic"]] += 1
        for e in f.get("diagnostics", []):
            s = e["range"]["start"]
            c[(e["code"], s["line"], s["character"])] += 1
            if e["code"] not in anchors.ALL_IDS:
                unknown_ids[e["code"]] += 1
    for e in doc.get("errors", []):
        px_errors.add(rel(e["path"], corpus))

    # ---- the reference
    files = [p for p in anchors.iter_py_files(corpus)
             if not excluded(rel(p, corpus), args.exclude)]
    t = time.time()
    ref = {}
    skipped = {}
    with Pool(args.jobs) as pool:
        for path, findings, err in pool.imap_unordered(_ref_one, files, chunksize=4):
            r = rel(path, corpus)
            if err:
                skipped[r] = err
            else:
                ref[r] = collections.Counter(findings)
    print("# reference: %.1fs over %d files" % (time.time() - t, len(files)),
          file=sys.stderr)

    # A file Python decodes and compiles but pyexplain could not read is compared too:
    # every reference finding in it is a false negative.
    compared = sorted(ref)
    px_failed = sorted(r for r in px_errors if r in ref)
    px_only = sorted(r for r in px if r not in ref and r not in skipped and
                     not excluded(r, args.exclude))
    px_on_skipped = sum(sum(px[r].values()) for r in skipped if r in px)

    print("corpus: %s" % corpus)
    if args.exclude:
        print("excluded directories: %s" % ", ".join(args.exclude))
    print("files: %d found, %d compared, %d skipped by the reference "
          "(Python cannot decode or compile them; pyexplain reported %d findings there), "
          "%d only in pyexplain's output"
          % (len(files), len(compared), len(skipped), px_on_skipped, len(px_only)))
    if px_failed:
        print("pyexplain could not read %d file(s) that Python decodes and compiles "
              "(their reference findings count as false negatives):" % len(px_failed))
        for r in px_failed:
            msg = [e.get("message", "") for e in doc.get("errors", [])
                   if rel(e["path"], corpus) == r]
            print("  %s: %s (%d reference findings)" % (r, "; ".join(msg),
                                                     sum(ref[r].values())))
    if args.verbose:
        for r in sorted(skipped):
            print("  skipped %s: %s" % (r, skipped[r][:150]))
        for r in px_only:
            print("  only in pyexplain: %s" % r)
    if unknown_ids:
        print("ids pyexplain emitted that the specification does not define: %s" %
              dict(unknown_ids))

    # ---- score
    stats = {i: [0, 0, 0, 0] for i in anchors.ALL_IDS}   # ref, px, tp, same-line-other-col
    fps = collections.defaultdict(list)
    fns = collections.defaultdict(list)
    def keyed(counter):
        """Topics match on (id, line, character); pitfalls on (id, line), since the specification
        only fixes the line a diagnostic's range starts on.  The column is kept aside."""
        out = collections.Counter()
        cols = collections.defaultdict(list)
        for (i, ln, col), n in counter.items():
            if i in PITFALL_IDS and not args.pitfall_columns:
                out[(i, ln, None)] += n
                cols[(i, ln)].extend([col] * n)
            else:
                out[(i, ln, col)] += n
        return out, cols

    colmiss = collections.Counter()
    for r in compared:
        rc, rcols = keyed(ref[r])
        pc, pcols = keyed(px.get(r, collections.Counter()))
        for (i, ln, col), n in rc.items():
            if col is None and (i, ln, col) in pc and \
                    sorted(rcols[(i, ln)]) != sorted(pcols[(i, ln)]):
                colmiss[i] += 1
        px_lines = collections.defaultdict(list)
        ref_lines = collections.defaultdict(list)
        for (i, ln, col) in pc:
            px_lines[(i, ln)].append(col)
        for (i, ln, col) in rc:
            ref_lines[(i, ln)].append(col)
        for key, n in rc.items():
            st = stats.setdefault(key[0], [0, 0, 0, 0])
            st[0] += n
            tp = min(n, pc.get(key, 0))
            st[2] += tp
            if tp < n:
                others = [c for c in px_lines.get((key[0], key[1]), []) if (key[0], key[1], c)
                          not in rc]
                if others:
                    st[3] += 1
                fns[key[0]].append((r, key[1], key[2] if key[2] is not None else
                                    min(rcols[(key[0], key[1])]), others))
        for key, n in pc.items():
            st = stats.setdefault(key[0], [0, 0, 0, 0])
            st[1] += n
            extra = n - min(n, rc.get(key, 0))
            for _ in range(extra):
                others = [c for c in ref_lines.get((key[0], key[1]), [])
                          if (key[0], key[1], c) not in pc]
                fps[key[0]].append((r, key[1], key[2] if key[2] is not None else
                                    min(pcols[(key[0], key[1])]), others))

    def ratio(a, b):
        return "%.3f" % (a / b) if b else "  -  "

    def table(ids, title):
        print()
        print("%-34s %7s %7s %7s %9s %7s %6s" % (title, "ref", "pyx", "TP", "precision",
                                                 "recall", "±col"))
        tr = tp_ = tx = 0
        for i in ids:
            rn, pn, tp, near = stats.get(i, [0, 0, 0, 0])
            tr += rn
            tx += pn
            tp_ += tp
            flag = ""
            if (pn and tp / pn < 0.97) or (rn and tp / rn < 0.97):
                flag = "  <"
            print("%-34s %7d %7d %7d %9s %7s %6s%s" % (i, rn, pn, tp, ratio(tp, pn),
                                                       ratio(tp, rn), near or "", flag))
        print("%-34s %7d %7d %7d %9s %7s" % ("(all)", tr, tx, tp_, ratio(tp_, tx),
                                              ratio(tp_, tr)))

    table(anchors.TOPICS, "topic")
    if not args.pitfall_columns:
        for i in PITFALL_IDS:
            stats[i][3] = colmiss[i]
    table(anchors.PITFALLS, "pitfall")
    extra_ids = [i for i in stats if i not in anchors.ALL_IDS]
    if extra_ids:
        table(extra_ids, "other id")
    print("\n'<' marks precision or recall below 0.97. ±col: for topics, reference anchors "
          "missed while pyexplain has the id on the same line at another column; for "
          "pitfalls (matched by line%s), matched lines whose start columns differ."
          % (" and column" if args.pitfall_columns else " only"))

    # ---- details
    lines_cache = {}

    def src_line(r, ln):
        if r not in lines_cache:
            try:
                with open(os.path.join(corpus, r), "rb") as f:
                    text = anchors.decode_source(f.read())
                lines_cache[r] = anchors.Source(text).lines
            except Exception:
                lines_cache[r] = []
        ls = lines_cache[r]
        return ls[ln] if 0 <= ln < len(ls) else ""

    def show(kind, items, other_label):
        print("  %s: %d%s" % (kind, len(items),
                               " (first %d)" % args.limit if len(items) > args.limit else ""))
        for r, ln, col, others in items[:args.limit]:
            text = src_line(r, ln)
            note = ""
            if others:
                note = "   [%s on this line at col %s]" % (
                    other_label, ",".join(str(c + 1) for c in sorted(others)))
            print("    %s:%d:%d%s" % (r, ln + 1, col + 1, note))
            print("      | %s" % text.rstrip()[:200])
            # UTF-16 column -> character column for the caret (close enough for display)
            ch = col
            if not text.isascii():
                acc = 0
                for k, c in enumerate(text):
                    if acc >= col:
                        ch = k
                        break
                    acc += 2 if ord(c) > 0xFFFF else 1
            print("      | %s^" % "".join(c if c == "\t" else " " for c in text[:ch]))

    for i in args.show:
        print("\n== %s  (positions 1-based: path:line:column, column in UTF-16 units)" % i)
        show("false positives (pyexplain only)", sorted(fps.get(i, [])), "reference")
        show("false negatives (reference only)", sorted(fns.get(i, [])), "pyexplain")
    return 0


if __name__ == "__main__":
    sys.exit(main())
