//! `check-knowledge` and `report`, run as a process; the report's Markdown renderer directly.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use pyexplain::report::markup::to_html;

fn pyexplain(args: &[&str]) -> Output {
    pyexplain_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

fn pyexplain_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_pyexplain")).args(args).current_dir(dir).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pyexplain-report-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir is writable");
    dir
}

/// Writes `(relative path, contents)` below `dir`, creating folders.
fn write_files(dir: &Path, files: &[(&str, &str)]) {
    for (path, text) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

/// A team's decorator as a topic: name anchors, the required sections, an Example and a
/// counterexample.
const RETRY_TOPIC: &str = r#"+++
title = "`@ourlib.retry`"
summary = "Runs the decorated function again when it raises `OSError`."
docs = "https://wiki.example.com/ourlib/retry"

[anchors]
decorators = ["ourlib.retry"]
calls = ["ourlib.retry"]
+++

## What it is
`@retry(times=3)` runs the function up to three times while it raises `OSError`.

## How it works
- It sleeps `2 ** attempt` seconds between attempts.

## Example
```python
from ourlib import retry


@retry(times=3)
def fetch(url):
    return url
```

## Without it
```python
def fetch(url):
    return url
```
"#;

// --- check-knowledge ---

#[test]
fn check_knowledge_accepts_a_valid_pack() {
    let dir = scratch("valid-pack");
    write_files(
        &dir,
        &[
            ("retry/topic.md", RETRY_TOPIC),
            // A query-shaped topic, with only the required sections.
            ("print-call/topic.md", "+++\ntitle = \"print\"\nsummary = \"Calls print.\"\ndocs = \"https://docs.python.org/3/library/functions.html#print\"\n+++\n\n## What it is\nA call of `print`.\n\n## How it works\nIt writes to `sys.stdout`.\n\n## Example\n```python\nprint(1)\n```\n"),
            ("print-call/anchors.scm", "; A call of print.\n(call\n  function: (identifier) @anchor\n  (#eq? @anchor \"print\")) @construct\n"),
            // Not part of the pack: a README beside the topics.
            ("README.md", "Our team's pack.\n"),
        ],
    );
    let output = pyexplain(&["check-knowledge", &dir.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0), "{}{}", stdout(&output), stderr(&output));
    assert_eq!(stdout(&output), "");
    assert!(stderr(&output).contains("2 topics valid"), "{}", stderr(&output));
}

#[test]
fn check_knowledge_accepts_the_builtin_knowledge() {
    let output = pyexplain(&["check-knowledge", "knowledge"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn check_knowledge_reports_each_problem_with_file_and_line() {
    let dir = scratch("invalid-pack");
    let sections = "## What it is\nx\n\n## How it works\ny\n";
    let front = |title: &str| format!("+++\ntitle = \"{title}\"\nsummary = \"{title}.\"\ndocs = \"https://docs.python.org/3/\"\n+++\n\n");
    write_files(
        &dir,
        &[
            // Front matter: a number where a string belongs, on line 3; that problem hides none of
            // the others of the file (no anchors, How it works missing).
            ("bad-front/topic.md", "+++\ntitle = \"Bad\"\nsummary = 3\ndocs = \"https://docs.python.org/3/\"\n+++\n\n## What it is\nx\n"),
            // A query naming a node type tree-sitter-python does not have, on line 3.
            ("bad-query/topic.md", &format!("{}{sections}", front("Query"))),
            ("bad-query/anchors.scm", "; Calls.\n(call\n  function: (identifer) @anchor)\n"),
            // A capture other than @anchor, @construct and @_helpers, on line 4.
            ("bad-capture/topic.md", &format!("{}{sections}", front("Capture"))),
            ("bad-capture/anchors.scm", "; Calls.\n(call\n  function: (identifier) @anchor\n  arguments: (argument_list) @arguments)\n"),
            // Neither an [anchors] table nor a query; How it works missing; a misspelt heading.
            ("no-anchors/topic.md", &format!("{}## What it is\nx\n\n## Exmaple\n", front("Nothing"))),
            // The Example imports the decorator from the wrong module, so the anchors miss it.
            ("wrong-example/topic.md", &RETRY_TOPIC.replace("from ourlib import retry", "from theirlib import retry")),
        ],
    );
    let root = dir.to_string_lossy().into_owned();
    let output = pyexplain(&["check-knowledge", &root]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let lines: Vec<String> = stdout(&output).lines().map(|line| line.replacen(&root, "DIR", 1)).collect();
    let expected = [
        "DIR/bad-capture/anchors.scm:4: unknown capture @arguments (use @anchor, @construct or @_helper)",
        "DIR/bad-front/topic.md:1: topic has no anchors: add an `[anchors]` table (calls, decorators, bases or names) to the front matter, or an anchors.scm",
        "DIR/bad-front/topic.md:3: `summary` must be a string, not an integer",
        "DIR/bad-front/topic.md:6: missing section `## How it works` (required: `## What it is`, `## How it works`)",
        "DIR/bad-query/anchors.scm:3: unknown node type `identifer` at column 14",
        "DIR/no-anchors/topic.md:1: topic has no anchors: add an `[anchors]` table (calls, decorators, bases or names) to the front matter, or an anchors.scm",
        "DIR/no-anchors/topic.md:6: missing section `## How it works` (required: `## What it is`, `## How it works`)",
        "DIR/no-anchors/topic.md:10: unknown section `## Exmaple` (expected What it is · How it works · Example · Without it · Rewrites · Pitfalls · Version notes · References)",
        "DIR/wrong-example/topic.md:18: the python block of `## Example` shows no `wrong-example` construct: check the anchors",
    ];
    assert_eq!(lines, expected);
    assert!(stderr(&output).contains("9 problems"), "{}", stderr(&output));
}

/// The review's case: a topic without `docs` (now optional) and with a misspelt heading, several
/// front-matter problems in one file, and a pitfall file whose topic.md is broken: every problem
/// of every file is printed in one run.
#[test]
fn check_knowledge_reports_every_problem_of_a_file_in_one_run() {
    let dir = scratch("every-problem");
    write_files(
        &dir,
        &[
            ("timed/topic.md", "+++\ntitle = \"`@timed`\"\nsummary = \"Logs how long a call took.\"\n\n[anchors]\ndecorators = [\"ourlib.timing.timed\"]\n+++\n\n## What it is\nx\n\n## How it works\ny\n\n## Exampel\n"),
            ("broken/topic.md", "+++\ntitle = 1\ncolour = \"red\"\ndocs = \"http://example.com\"\n\n[anchors]\ncalls = \"ourlib.run\"\n+++\n\n## How it works\ny\n"),
            ("broken/slow-call.md", "+++\nsummary = \"Slow.\"\nseverity = \"loud\"\n+++\n\n## Why it matters\nx\n\n## What it flags\ny\n"),
        ],
    );
    let root = dir.to_string_lossy().into_owned();
    let output = pyexplain(&["check-knowledge", &root]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let lines: Vec<String> = stdout(&output).lines().map(|line| line.replacen(&root, "DIR", 1)).collect();
    let expected = [
        "DIR/broken/slow-call.md:3: severity `loud` is not one of error, warning, information, hint",
        "DIR/broken/slow-call.md:9: section `## What it flags` must come before `## Why it matters` (order: What it flags · Why it matters · Example · Use instead · Fix safety · References)",
        "DIR/broken/topic.md:1: missing `summary`",
        "DIR/broken/topic.md:2: `title` must be a string, not an integer",
        "DIR/broken/topic.md:3: unknown key `colour` (expected title, summary, docs, since, rank, newcomer, anchors)",
        "DIR/broken/topic.md:4: docs must be an https:// link (or leave the key out: the hover then has no link)",
        "DIR/broken/topic.md:7: `anchors.calls` must be a list of qualified names, not a string",
        "DIR/broken/topic.md:9: missing section `## What it is` (required: `## What it is`, `## How it works`)",
        "DIR/timed/topic.md:15: unknown section `## Exampel` (expected What it is · How it works · Example · Without it · Rewrites · Pitfalls · Version notes · References)",
    ];
    assert_eq!(lines, expected);
    assert!(stderr(&output).contains("9 problems"), "{}", stderr(&output));
}

/// An anchor without a dot matches nothing (uses resolve to qualified names): a warning with file
/// and line, which does not fail the check.
#[test]
fn check_knowledge_warns_about_an_anchor_that_is_not_a_qualified_name() {
    let dir = scratch("bare-anchor");
    let topic = RETRY_TOPIC.replace("decorators = [\"ourlib.retry\"]", "decorators = [\"timed\", \"ourlib.retry\"]");
    assert_ne!(topic, RETRY_TOPIC);
    write_files(&dir, &[("retry/topic.md", &topic)]);
    let root = dir.to_string_lossy().into_owned();
    let output = pyexplain(&["check-knowledge", &root]);
    assert_eq!(output.status.code(), Some(0), "a warning does not fail the check: {}", stdout(&output));
    let lines: Vec<String> = stdout(&output).lines().map(|line| line.replacen(&root, "DIR", 1)).collect();
    assert_eq!(
        lines,
        ["DIR/retry/topic.md:7: warning: `timed` in `anchors.decorators` is not a qualified name, so it matches nothing: write the module it is imported from, as in `ourlib.timed`"]
    );
    assert!(stderr(&output).contains("1 topic valid, 1 warning"), "{}", stderr(&output));
}

#[test]
fn check_knowledge_exits_with_two_when_it_cannot_read_the_pack() {
    let missing = scratch("missing").join("nowhere");
    let output = pyexplain(&["check-knowledge", &missing.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("nowhere: no such file or directory"), "{}", stderr(&output));
    assert_eq!(stdout(&output), "");

    let file = scratch("file").join("topic.md");
    std::fs::write(&file, RETRY_TOPIC).expect("write");
    assert_eq!(pyexplain(&["check-knowledge", &file.to_string_lossy()]).status.code(), Some(2), "a file is not a pack");
    assert_eq!(pyexplain(&["check-knowledge"]).status.code(), Some(2), "DIR is required");
}

#[test]
fn check_knowledge_of_an_empty_dir_is_invalid() {
    let dir = scratch("empty");
    let output = pyexplain(&["check-knowledge", &dir.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no topics"), "{}", stderr(&output));
}

#[test]
fn check_knowledge_accepts_an_override_of_a_builtin_topic_without_anchors() {
    let dir = scratch("override");
    // The built-in query of yield-from still finds the Example.
    let topic = "+++\ntitle = \"Delegation, our way\"\nsummary = \"How we delegate.\"\ndocs = \"https://docs.python.org/3/\"\n+++\n\n## What it is\nx\n\n## How it works\ny\n\n## Example\n```python\ndef outer(inner):\n    yield from inner\n```\n";
    write_files(&dir, &[("yield-from/topic.md", topic)]);
    let output = pyexplain(&["check-knowledge", &dir.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

// --- report ---

/// Every `http` in the page is a link to docs.python.org.
fn external_urls(page: &str) -> Vec<String> {
    page.match_indices("http")
        .map(|(index, _)| page[index..].chars().take_while(|ch| !ch.is_whitespace() && *ch != '"' && *ch != '<').collect::<String>())
        .filter(|url| !url.starts_with("https://docs.python.org/"))
        .collect()
}

#[test]
fn report_html_of_the_examples_is_self_contained_and_links_to_the_lines() {
    let dir = scratch("html");
    let out = dir.join("report.html");
    let output = pyexplain(&["report", "examples/", "--out", &out.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "", "the report goes to the file");
    let page = std::fs::read_to_string(&out).expect("the report was written");
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(!page.to_lowercase().contains("<script"), "no scripts");
    assert!(
        !page.contains("<link") && !page.contains("<img") && !page.contains("@import") && !page.contains("url("),
        "nothing loaded from elsewhere"
    );
    assert_eq!(external_urls(&page), Vec::<String>::new());
    assert!(page.contains("<svg"), "the chart is inline SVG");
    // A bar per topic with uses to explain: every topic `scan` finds in the examples, the pack's
    // topic of examples/team included, whose files are analysed with their project's knowledge.
    let scanned: serde_json::Value =
        serde_json::from_str(&stdout(&pyexplain(&["scan", "examples/", "--format", "json"]))).expect("scan JSON");
    let used: std::collections::BTreeSet<&str> = scanned["files"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|file| file["constructs"].as_array().into_iter().flatten())
        .filter_map(|construct| construct["topic"].as_str())
        .collect();
    assert!(used.contains("retry-policy"), "{used:?}");
    assert_eq!(page.matches("<rect").count(), used.len(), "a bar per topic used");
    assert!(page.contains("<section id=\"topic-retry-policy\">"), "the team's topic has a section");
    // Links are relative to the report's folder and lead to the files.
    let href = page
        .split("href=\"")
        .skip(1)
        .map(|rest| &rest[..rest.find('"').expect("closed")])
        .find(|href| href.contains("inventory.py#L86"))
        .expect("a link to the yield from");
    assert!(href.starts_with("../"), "{href}");
    let (file, _) = href.split_once('#').expect("a fragment");
    let linked = dir.join(file).canonicalize().expect("the link leads to a file");
    assert_eq!(linked, Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/inventory.py").canonicalize().expect("exists"));
    assert!(page.contains(">inventory.py:86</a>"), "the text is path:line");
    // Two retry decorators are defined in the examples: where to start is the one more places
    // refer to (team/orders.py, and team/ourlib/warehouse.py through a relative import).
    let section = topic_section(&page, "parameterized-decorators");
    assert!(section.contains("<strong>Start here:</strong> <a href=\"") && section.contains("team/ourlib/retry.py#L7\"><code>team/ourlib/retry.py:7</code></a> — the definition of <code>def retry</code>; 2 places below refer to it."), "{section}");
    // The explanation: title, summary and What it is, rendered.
    let section = topic_section(&page, "yield-from");
    assert!(section.contains("<h2><code>yield from</code> delegation<span class=\"id\">yield-from</span></h2>"), "{section}");
    assert!(section.contains("<p>") && section.contains("<a href=\"https://docs.python.org/3/"), "{section}");
    assert!(section.contains("the first place in the smallest file that uses it"), "{section}");
}

/// The `<section>` of a topic in the HTML report.
fn topic_section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!("<section id=\"topic-{id}\">")).unwrap_or_else(|| panic!("a section for {id}"));
    let end = page[start..].find("</section>").expect("closed") + start;
    &page[start..end]
}

#[test]
fn report_md_of_the_examples_goes_to_stdout() {
    let output = pyexplain(&["report", "examples", "--format", "md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("# Advanced Python in examples\n"), "{text}");
    assert!(text.contains("| Topic | Places | Files | |"), "{text}");
    assert!(text.contains("  - [inventory.py:86](examples/inventory.py#L86) `yield from self.items.values()`"), "{text}");
    assert!(
        text.contains(
            "**Start here:** [team/ourlib/retry.py:7](examples/team/ourlib/retry.py#L7) — the definition of `def retry`; 2 places below refer to it."
        ),
        "{text}"
    );
    assert!(text.contains("### What it is\n\n"), "{text}");
    // `--out -` is stdout too.
    let dash = pyexplain(&["report", "examples", "--format", "md", "--out", "-"]);
    assert_eq!(stdout(&dash), text);
}

#[test]
fn report_finds_the_definition_of_a_workspace_topic_through_imports() {
    let repo = scratch("workspace");
    write_files(
        &repo,
        &[
            (".pyexplain/knowledge/retry/topic.md", RETRY_TOPIC),
            ("ourlib/__init__.py", "from .retry import retry\n"),
            (
                "ourlib/retry.py",
                "import time\n\n\ndef retry(times):\n    def decorate(function):\n        return function\n    return decorate\n",
            ),
            (
                "app/jobs.py",
                "from ourlib import retry\n\n\n@retry(times=3)\ndef sync():\n    pass\n\n\n@retry(times=5)\ndef upload():\n    pass\n",
            ),
            // Delegation in a big and a small file: the small one is where to start.
            ("app/big.py", &format!("{}def walk(tree):\n    yield from tree\n", "# padding\n".repeat(40))),
            ("app/tiny.py", "def walk(tree):\n    yield from tree\n"),
            // Text from the repository is escaped.
            ("app/escape.py", "def g(it):\n    x = '<script>alert(1)</script>'; yield from it\n"),
        ],
    );
    let output = pyexplain_in(&repo, &["report", ".", "--out", "onboarding.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(repo.join("onboarding.html")).expect("written");
    assert!(!page.contains("<script"), "escaped");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    let section = topic_section(&page, "retry");
    assert!(section.contains("<a href=\"ourlib/retry.py#L4\"><code>ourlib/retry.py:4</code></a> — the definition of <code>def retry</code>; 2 places below refer to it."), "{section}");
    assert!(section.contains("<a href=\"app/jobs.py#L4\">app/jobs.py:4</a> <code>@retry(times=3)</code>"), "{section}");
    assert!(section.contains("<a href=\"https://wiki.example.com/ourlib/retry\">Documentation</a>"), "{section}");
    let section = topic_section(&page, "yield-from");
    assert!(section.contains("<a href=\"app/tiny.py#L2\"><code>app/tiny.py:2</code></a>"), "{section}");
}

#[test]
fn report_exits_with_two_for_a_missing_path_or_an_unwritable_report() {
    let output = pyexplain(&["report", "no/such/dir"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no such file or directory"), "{}", stderr(&output));
    let out = scratch("unwritable").join("missing-folder/report.html");
    assert_eq!(pyexplain(&["report", "examples", "--out", &out.to_string_lossy()]).status.code(), Some(2));
}

/// The Markdown report of `dir`, written to stdout from `dir`, so links are relative to it.
#[track_caller]
fn report_md(dir: &Path) -> String {
    let output = pyexplain_in(dir, &["report", ".", "--format", "md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

/// The ids of the table's rows, in order.
fn table_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| Topic"))
        .filter_map(|line| line.split("(`").nth(1).and_then(|rest| rest.split('`').next()).map(str::to_owned))
        .collect()
}

#[test]
fn report_puts_what_needs_explaining_first_and_folds_everyday_forms() {
    let dir = scratch("ranking");
    let properties: String =
        (0..12).map(|index| format!("    @property\n    def field_{index}(self):\n        return {index}\n\n")).collect();
    write_files(
        &dir,
        &[
            // Twelve plain properties: everyday, so folded into one line, with no bar and no places.
            ("models.py", &format!("class Model:\n{properties}")),
            // One metaclass: it changes how classes are built, so it comes first.
            ("registry.py", "class Registry(type):\n    pass\n\n\nclass Plugin(metaclass=Registry):\n    pass\n"),
            // More callable classes and more uses of a type hint than of the metaclass: the count
            // does not decide.
            (
                "handlers.py",
                "class A:\n    def __call__(self):\n        pass\n\n\nclass B:\n    def __call__(self):\n        pass\n\n\nclass C:\n    def __call__(self):\n        pass\n",
            ),
            (
                "modes.py",
                "from typing import Literal\n\nA: Literal[1] = 1\nB: Literal[2] = 2\nC: Literal[3] = 3\nD: Literal[4] = 4\nE: Literal[5] = 5\n",
            ),
            // The explicit form of super() is listed, the constructor chain folds into a line.
            (
                "views.py",
                "class Base:\n    def __init__(self):\n        pass\n\n\nclass View(Base):\n    def __init__(self):\n        super().__init__()\n\n    def render(self):\n        return super(View, self).render()\n",
            ),
        ],
    );
    let text = report_md(&dir);
    let ids = table_ids(&text);
    assert_eq!(ids.first().map(String::as_str), Some("metaclasses"), "{text}");
    let position = |id: &str| ids.iter().position(|row| row == id).unwrap_or_else(|| panic!("a row for {id}: {text}"));
    assert!(position("metaclasses") < position("callable-objects"), "{text}");
    assert!(position("callable-objects") < position("typing-literal"), "{text}");
    assert!(!ids.contains(&"descriptors".to_owned()), "plain properties get no bar: {text}");
    assert!(text.contains("- Descriptors (`descriptors`): 12 everyday uses of `@property`\n"), "{text}");
    assert!(!text.contains("[models.py:"), "no place list for the properties: {text}");
    assert!(!text.contains("## Descriptors"), "{text}");
    // One section per topic to explain, with its places, and the folded line.
    assert!(text.contains("Plus 1 everyday use of `super().__init__()`, not listed."), "{text}");
    assert!(text.contains("  - [views.py:11](views.py#L11) `return super(View, self).render()`"), "{text}");
    assert!(!text.contains("[views.py:8]"), "{text}");

    // The HTML has the same order and fold: the first bar is the metaclass.
    let output = pyexplain_in(&dir, &["report", ".", "--out", "report.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(dir.join("report.html")).expect("written");
    let first_bar = page.split("<a href=\"#topic-").nth(1).and_then(|rest| rest.split('"').next());
    assert_eq!(first_bar, Some("metaclasses"), "{page}");
    assert!(!page.contains("id=\"topic-descriptors\""), "{page}");
    assert!(page.contains("<span class=\"id\">descriptors</span>: 12 everyday uses of <code>@property</code></li>"), "{page}");
}

#[test]
fn report_starts_at_the_definition_most_imported_across_files() {
    let dir = scratch("central");
    write_files(
        &dir,
        &[
            ("shop/__init__.py", "from .models import Order\n"),
            (
                "shop/models.py",
                "from typing import Any\n\n\nclass Helper:\n    pass\n\n\nclass Order:\n    pass\n\n\ndef total(order: Any) -> int:\n    return 0\n",
            ),
            // Absolute, relative and aliased imports all refer to the same class.
            ("shop/cart.py", "from shop.models import Order, total\n"),
            ("shop/checkout.py", "from .models import Order as O\nfrom .models import Helper\n"),
            // Used a lot, but only in its own file: not where a newcomer starts.
            (
                "shop/local.py",
                "class Local:\n    pass\n\n\na = Local()\nb = Local()\nc = Local()\nd = Local()\n",
            ),
            // A name imported from outside the project refers to no definition of it.
            ("shop/typing_use.py", "from typing import Any\n"),
            // Stubs repeat the code beside it: neither their imports nor their classes count.
            ("shop/cart.pyi", "from .models import Helper\n"),
            ("shop/models.pyi", "class Helper: ...\n\n\nclass Order: ...\n"),
        ],
    );
    let text = report_md(&dir);
    let start = text.split("## Start here\n").nth(1).and_then(|rest| rest.split("\n## ").next()).unwrap_or_else(|| panic!("{text}"));
    let entries: Vec<&str> = start.lines().filter(|line| line.starts_with(|ch: char| ch.is_ascii_digit())).collect();
    assert_eq!(
        entries,
        [
            "1. [shop/models.py:8](shop/models.py#L8) — `class Order`, imported by 3 other files",
            "2. [shop/models.py:4](shop/models.py#L4) — `class Helper`, imported by 1 other file",
            "3. [shop/models.py:12](shop/models.py#L12) — `def total`, imported by 1 other file",
        ],
        "{text}"
    );
}

/// A file with an `open()` left to the garbage collector and an `lru_cache` on a method, and
/// the same `open()` silenced by an ignore comment.
const PITFALLS: &str = "import functools\n\n\ndef read(path):\n    handle = open(path)\n    data = handle.read()\n    handle.close()\n    return data\n\n\ndef read_quietly(path):\n    handle = open(path)  # pyexplain: ignore[open-without-with]\n    data = handle.read()\n    handle.close()\n    return data\n\n\nclass Repo:\n    @functools.lru_cache(maxsize=32)\n    def load(self, key):\n        return key\n";

/// The first paragraph of a built-in pitfall's "Why it matters".
fn why_it_matters(id: &str) -> String {
    let pitfall = pyexplain::knowledge::Knowledge::builtin().pitfall(id).unwrap_or_else(|| panic!("a built-in pitfall {id}"));
    let section = pitfall.section("Why it matters").expect("every pitfall says why it matters").trim();
    section.split("\n\n").next().unwrap_or(section).trim_end().to_owned()
}

#[test]
fn report_lists_the_pitfalls_found_with_places_and_why_they_matter() {
    let dir = scratch("pitfalls");
    write_files(&dir, &[("store/app.py", PITFALLS)]);
    let text = report_md(&dir);
    let pitfalls = text.split("\n## Pitfalls found\n").nth(1).unwrap_or_else(|| panic!("a pitfalls section: {text}"));
    for (id, line, snippet) in
        [("open-without-with", 5, "handle = open(path)"), ("lru-cache-on-method", 19, "@functools.lru_cache(maxsize=32)")]
    {
        let pitfall = pyexplain::knowledge::Knowledge::builtin().pitfall(id).expect("built in");
        let heading = format!("### {}\n\n`{id}` · {} · 1 place in 1 file\n\n", pitfall.summary, pitfall.severity.as_str());
        assert!(pitfalls.contains(&heading), "{heading}\n{pitfalls}");
        assert!(pitfalls.contains(&format!("**Why it matters:** {}\n", why_it_matters(id))), "{id}: {pitfalls}");
        assert!(pitfalls.contains(&format!("  - [store/app.py:{line}](store/app.py#L{line}) `{snippet}`\n")), "{id}: {pitfalls}");
    }
    assert!(!pitfalls.contains("app.py:12"), "the ignore comment is honoured: {pitfalls}");

    let output = pyexplain_in(&dir, &["report", ".", "--out", "report.html"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = std::fs::read_to_string(dir.join("report.html")).expect("written");
    assert!(!page.to_lowercase().contains("<script"), "no scripts");
    let section = &page[page.find("<section id=\"pitfalls\">").expect("a pitfalls section")..];
    assert!(section.contains("<h3 id=\"pitfall-open-without-with\">"), "{section}");
    assert!(section.contains("<a href=\"store/app.py#L5\">store/app.py:5</a> <code>handle = open(path)</code>"), "{section}");
    assert!(section.contains("<a href=\"store/app.py#L19\">store/app.py:19</a>"), "{section}");
    let why = pyexplain::report::markup::inline_html(&why_it_matters("lru-cache-on-method"));
    assert!(section.contains(&format!("<strong>Why it matters:</strong> {why}</p>")), "{section}");
}

#[test]
fn report_honours_the_project_config_as_scan_does() {
    let dir = scratch("config");
    write_files(
        &dir,
        &[
            (".pyexplain/config.toml", "[topics]\ndisabled = [\"metaclasses\"]\n\n[pitfalls]\nopen-without-with = \"off\"\n"),
            ("store/app.py", PITFALLS),
            ("store/registry.py", "class Registry(type):\n    pass\n\n\nclass Plugin(metaclass=Registry):\n    pass\n"),
        ],
    );
    let text = report_md(&dir);
    assert!(!text.contains("metaclasses") && !text.contains("Metaclasses"), "a disabled topic is neither used nor unused: {text}");
    assert!(!text.contains("open-without-with") && !text.contains("store/app.py:5"), "a pitfall switched off: {text}");
    // What the settings leave on is still reported.
    assert!(text.contains("`lru-cache-on-method` · "), "{text}");
    assert!(text.contains("## `functools.cache` / `lru_cache` / `cached_property`"), "{text}");

    // Without the config both are there: the test above is about the config.
    std::fs::remove_file(dir.join(".pyexplain/config.toml")).expect("remove");
    let text = report_md(&dir);
    assert!(text.contains("## Metaclasses") && text.contains("`open-without-with` · "), "{text}");
}

/// Renders the report with headless Chromium when it is installed, as a check that the page
/// displays; skipped (with a line saying so) otherwise, unless `PYEXPLAIN_E2E=require`.
#[test]
fn report_renders_in_a_browser_when_chromium_is_installed() {
    let Some(browser) = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|name| Command::new(name).arg("--version").output().is_ok_and(|output| output.status.success()))
    else {
        // .ci/run installs Chromium for the editor tests and sets PYEXPLAIN_E2E=require.
        assert_ne!(std::env::var("PYEXPLAIN_E2E").as_deref(), Ok("require"), "PYEXPLAIN_E2E=require, but no chromium is installed");
        eprintln!("skipped: no chromium to render the report");
        return;
    };
    let dir = scratch("browser");
    let out = dir.join("report.html");
    assert_eq!(pyexplain(&["report", "examples", "--out", &out.to_string_lossy()]).status.code(), Some(0));
    let png = dir.join("report.png");
    let mut child = Command::new(browser)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--window-size=1000,2000"])
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", out.display()))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the browser starts");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while child.try_wait().expect("wait").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("{browser} did not finish within 90 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let image = std::fs::read(&png).expect("a screenshot");
    assert!(image.starts_with(b"\x89PNG"), "a PNG");
    assert!(image.len() > 20_000, "the page has content: {} bytes", image.len());
}

// --- the Markdown renderer ---

#[test]
fn markdown_paragraphs_lists_and_code_become_html() {
    let markdown = "One `x < y` line.\nSame paragraph with [docs](https://docs.python.org/3/).\n\n- an item\n  continued\n- a **bold** one\n  - nested\n\n1. first\n2. second\n\n```python\nif a < b and c > d:\n    pass\n```\n";
    assert_eq!(
        to_html(markdown, 0),
        "<p>One <code>x &lt; y</code> line.\nSame paragraph with <a href=\"https://docs.python.org/3/\">docs</a>.</p>\n\
         <ul>\n<li>an item\ncontinued</li>\n<li>a <strong>bold</strong> one\n<ul>\n<li>nested</li>\n</ul></li>\n</ul>\n\
         <ol>\n<li>first</li>\n<li>second</li>\n</ol>\n\
         <pre><code class=\"language-python\">if a &lt; b and c &gt; d:\n    pass</code></pre>\n"
    );
}

#[test]
fn markdown_escapes_html_and_drops_unsafe_links() {
    assert_eq!(
        to_html("<b>hi</b> & [x](javascript:alert(1)) and [y](other.html#top)", 0),
        "<p>&lt;b&gt;hi&lt;/b&gt; &amp; x and <a href=\"other.html#top\">y</a></p>\n"
    );
    assert_eq!(
        to_html("## Heading\n`` a ` b ``, *em*, f(*args, **kwargs)", 2),
        "<h4>Heading</h4>\n<p><code>a ` b</code>, <em>em</em>, f(*args, **kwargs)</p>\n"
    );
    assert_eq!(to_html("> quoted\n> `code`", 0), "<blockquote>\n<p>quoted\n<code>code</code></p>\n</blockquote>\n");
}
