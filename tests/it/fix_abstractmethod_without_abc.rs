//! The `abstractmethod-without-abc` fix: `ABC` joins the bases, imported once.

use crate::support;

use pyexplain::analysis::Context;
use pyexplain::fixes::{self, Tier};
use pyexplain::ide::OpenFile;
use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable};

const CODE: &str = "abstractmethod-without-abc";

#[test]
fn from_abc_import_is_extended() {
    check_fix(
        CODE,
        "\"\"\"Storage.\"\"\"\nimport os\nfrom abc import abstractmethod\n\n\nclass Repository:\n    $0@abstractmethod\n    def get(self):\n        ...\n",
        "\"\"\"Storage.\"\"\"\nimport os\nfrom abc import ABC, abstractmethod\n\n\nclass Repository(ABC):\n    @abstractmethod\n    def get(self):\n        ...\n",
    );
}

#[test]
fn aliased_abc_module_is_reused() {
    check_fix(
        CODE,
        "import abc as a\nimport os\n\nclass Repository:\n    $0@a.abstractmethod\n    def get(self):\n        ...\n",
        "import abc as a\nimport os\n\nclass Repository(a.ABC):\n    @a.abstractmethod\n    def get(self):\n        ...\n",
    );
}

#[test]
fn new_import_goes_after_docstring_future_and_import_block() {
    check_fix(
        CODE,
        "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport os\n\ntry:\n    from abc import abstractmethod\nexcept ImportError:\n    raise\n\n\nclass Base:\n    pass\n\n\nclass Repository(Base):\n    $0@abstractmethod\n    def get(self):\n        ...\n",
        "\"\"\"Doc.\"\"\"\nfrom __future__ import annotations\n\nimport os\nfrom abc import ABC\n\ntry:\n    from abc import abstractmethod\nexcept ImportError:\n    raise\n\n\nclass Base:\n    pass\n\n\nclass Repository(Base, ABC):\n    @abstractmethod\n    def get(self):\n        ...\n",
    );
}

#[test]
fn plain_import_abc_is_reused() {
    check_fix(
        CODE,
        "import abc\n\n\nclass Repository(object):\n    $0@abc.abstractmethod\n    def get(self):\n        ...\n",
        "import abc\n\n\nclass Repository(abc.ABC):\n    @abc.abstractmethod\n    def get(self):\n        ...\n",
    );
}

#[test]
fn existing_abc_import_is_reused() {
    check_fix(
        CODE,
        "from abc import ABC, abstractmethod\n\n\nclass Repository():\n    $0@abstractmethod\n    def get(self):\n        ...\n",
        "from abc import ABC, abstractmethod\n\n\nclass Repository(ABC):\n    @abstractmethod\n    def get(self):\n        ...\n",
    );
}

#[test]
fn abc_goes_before_object_among_other_bases() {
    check_fix(
        CODE,
        "from abc import abstractmethod\n\n\nclass Mixin:\n    pass\n\n\nclass Repository(Mixin, object):\n    $0@abstractmethod\n    def get(self):\n        ...\n",
        "from abc import ABC, abstractmethod\n\n\nclass Mixin:\n    pass\n\n\nclass Repository(Mixin, ABC, object):\n    @abstractmethod\n    def get(self):\n        ...\n",
    );
}

#[test]
fn abc_goes_before_keyword_arguments() {
    check_fix(
        CODE,
        "from abc import abstractmethod\n\n\nclass Base:\n    def __init_subclass__(cls, **kwargs):\n        pass\n\n\nclass Repository(Base, flag=True):\n    $0@abstractmethod\n    def get(self):\n        ...\n",
        "from abc import ABC, abstractmethod\n\n\nclass Base:\n    def __init_subclass__(cls, **kwargs):\n        pass\n\n\nclass Repository(Base, ABC, flag=True):\n    @abstractmethod\n    def get(self):\n        ...\n",
    );
}

#[test]
fn import_is_added_when_abc_is_only_imported_after_the_class() {
    check_fix(
        CODE,
        "import os\n\n\ndef helper():\n    from abc import abstractmethod\n    return abstractmethod\n\n\nclass Late:\n    pass\n\n\nclass Repository(Late):\n    $0@abc.abstractmethod\n    def get(self):\n        ...\n\n\nimport abc\n",
        "import os\nfrom abc import ABC\n\n\ndef helper():\n    from abc import abstractmethod\n    return abstractmethod\n\n\nclass Late:\n    pass\n\n\nclass Repository(Late, ABC):\n    @abc.abstractmethod\n    def get(self):\n        ...\n\n\nimport abc\n",
    );
}

#[test]
fn tabs_and_a_file_starting_with_code() {
    check_fix(
        CODE,
        "#!/usr/bin/env python3\nfrom abc import abstractmethod as marker\nclass Repository:\n\t$0@marker\n\tdef get(self):\n\t\t...\n",
        "#!/usr/bin/env python3\nfrom abc import ABC, abstractmethod as marker\nclass Repository(ABC):\n\t@marker\n\tdef get(self):\n\t\t...\n",
    );
}

/// Python 3.12 syntax: compared as text only, since the test machine's `python3` may be older.
#[test]
fn type_parameters_keep_their_place() {
    let (fixed, _) = support::fixed_text(
        CODE,
        "import abc\n\n\nclass Box[T]:\n    $0@abc.abstractmethod\n    def get(self) -> T:\n        ...\n",
        &Settings::default(),
    )
    .expect("a fix");
    assert_eq!(fixed, "import abc\n\n\nclass Box[T](abc.ABC):\n    @abc.abstractmethod\n    def get(self) -> T:\n        ...\n");
}

#[test]
fn not_offered_when_abc_names_something_else() {
    check_fix_not_applicable(
        CODE,
        "from abc import abstractmethod\n\nABC = None\n\n\nclass Repository:\n    $0@abstractmethod\n    def get(self):\n        ...\n",
    );
    check_fix_not_applicable(CODE, "from abc import abstractmethod\nfrom mylib import ABC\n\n\nclass Repository:\n    $0@abstractmethod\n    def get(self):\n        ...\n");
}

/// The diagnostics of two classes (one each, on the first marker) applied together give one base
/// per class and one import.
#[test]
fn edits_of_several_diagnostics_merge() {
    let text = "from abc import abstractmethod\n\n\nclass First:\n    @abstractmethod\n    def a(self):\n        ...\n\n    @abstractmethod\n    def b(self):\n        ...\n\n\nclass Second:\n    @abstractmethod\n    def c(self):\n        ...\n";
    let (document, analysis) = support::analyze(text);
    let tree = document.tree();
    let context = Context::new(&document.text, &tree, support::knowledge());
    let mut edits: Vec<fixes::Edit> = Vec::new();
    let findings: Vec<_> = analysis.findings.iter().filter(|finding| finding.code == CODE).collect();
    assert_eq!(findings.len(), 2, "one diagnostic per class: {findings:?}");
    for finding in findings {
        let fix = fixes::fix_for(&context, finding, &Settings::default()).expect("a fix");
        assert_eq!(fix.tier, Tier::Offered);
        for edit in fix.edits {
            if !edits.contains(&edit) {
                edits.push(edit);
            }
        }
    }
    assert_eq!(edits.len(), 3, "one import edit and one base edit per class: {edits:?}");
    let fixed = fixes::apply(text, &edits);
    assert_eq!(
        fixed,
        "from abc import ABC, abstractmethod\n\n\nclass First(ABC):\n    @abstractmethod\n    def a(self):\n        ...\n\n    @abstractmethod\n    def b(self):\n        ...\n\n\nclass Second(ABC):\n    @abstractmethod\n    def c(self):\n        ...\n"
    );
    support::assert_valid_python(&fixed);
    let after = OpenFile::new(fixed, 1);
    assert!(after.analysis(support::knowledge()).findings.iter().all(|finding| finding.code != CODE));
}

/// The range is `@abstractmethod` itself, even with a trailing comment (which tree-sitter puts in the decorator node).
#[test]
fn diagnostic_range_is_the_decorator_expression() {
    let text = "from abc import abstractmethod\n\n\nclass A:\n    @abstractmethod  # note\n    def f(self):\n        ...\n";
    let (_, analysis) = support::analyze(text);
    let ranges: Vec<&str> =
        analysis.findings.iter().filter(|finding| finding.code == CODE).map(|finding| &text[finding.range.clone()]).collect();
    assert_eq!(ranges, ["@abstractmethod"]);
}

/// `ABCMeta` on the base would conflict with the metaclass of a subclass: "metaclass conflict".
#[test]
fn not_offered_when_a_subclass_has_another_metaclass() {
    check_fix_not_applicable(
        CODE,
        "from abc import abstractmethod\nfrom enum import Enum\n\n\nclass Base:\n    $0@abstractmethod\n    def label(self):\n        ...\n\n\nclass Color(Base, Enum):\n    RED = 1\n",
    );
    check_fix_not_applicable(
        CODE,
        "from abc import abstractmethod\n\n\nclass Meta(type):\n    pass\n\n\nclass Base:\n    $0@abstractmethod\n    def label(self):\n        ...\n\n\nclass Middle(Base):\n    pass\n\n\nclass Leaf(Middle, metaclass=Meta):\n    pass\n",
    );
}

/// Subclasses with only plain bases of the file keep the fix.
#[test]
fn offered_when_subclasses_bring_no_metaclass() {
    check_fix(
        CODE,
        "from abc import abstractmethod\n\n\nclass Base:\n    $0@abstractmethod\n    def label(self):\n        ...\n\n\nclass Mixin:\n    pass\n\n\nclass Leaf(Mixin, Base, dict):\n    def label(self):\n        return 1\n",
        "from abc import ABC, abstractmethod\n\n\nclass Base(ABC):\n    @abstractmethod\n    def label(self):\n        ...\n\n\nclass Mixin:\n    pass\n\n\nclass Leaf(Mixin, Base, dict):\n    def label(self):\n        return 1\n",
    );
}
