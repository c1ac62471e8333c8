//! The `dataclass-mutable-default` fix: a mutable default becomes `field(default_factory=...)`.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, fixed_text};

const CODE: &str = "dataclass-mutable-default";

#[test]
fn empty_list_adds_field_to_the_import() {
    check_fix(
        CODE,
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Order:\n    items: list = $0[]\n",
        "from dataclasses import dataclass, field\n\n\n@dataclass\nclass Order:\n    items: list = field(default_factory=list)\n",
    );
}

#[test]
fn module_import_spells_dataclasses_field() {
    check_fix(
        CODE,
        "import dataclasses\n\n\n@dataclasses.dataclass\nclass Order:\n    prices: dict = $0dict()\n",
        "import dataclasses\n\n\n@dataclasses.dataclass\nclass Order:\n    prices: dict = dataclasses.field(default_factory=dict)\n",
    );
}

#[test]
fn field_already_imported_and_a_class_of_the_file() {
    check_fix(
        CODE,
        "from dataclasses import dataclass, field\n\n\nclass Config:\n    pass\n\n\n@dataclass\nclass Job:\n    config: Config = $0Config()\n",
        "from dataclasses import dataclass, field\n\n\nclass Config:\n    pass\n\n\n@dataclass\nclass Job:\n    config: Config = field(default_factory=Config)\n",
    );
}

#[test]
fn non_empty_display_becomes_a_lambda() {
    check_fix(
        CODE,
        "from dataclasses import dataclass as dc\n\n\n@dc\nclass Order:\n    sizes: list = $0[1, 2]\n",
        "from dataclasses import dataclass as dc, field\n\n\n@dc\nclass Order:\n    sizes: list = field(default_factory=lambda: [1, 2])\n",
    );
}

#[test]
fn field_default_becomes_default_factory() {
    check_fix(
        CODE,
        "from dataclasses import dataclass, field\n\n\n@dataclass\nclass Order:\n    seen: set = field(default=$0set(), repr=False)\n",
        "from dataclasses import dataclass, field\n\n\n@dataclass\nclass Order:\n    seen: set = field(default_factory=set, repr=False)\n",
    );
}

#[test]
fn no_import_of_dataclasses_names_adds_one() {
    check_fix(
        CODE,
        "import dataclasses as dc\n\n\n@dc.dataclass\nclass Order:\n    items: list = $0[]\n",
        "import dataclasses as dc\n\n\n@dc.dataclass\nclass Order:\n    items: list = dc.field(default_factory=list)\n",
    );
}

#[test]
fn not_for_a_comprehension() {
    check_fix_not_applicable(
        CODE,
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Order:\n    items: list = $0[n for n in range(3)]\n",
    );
}

#[test]
fn not_when_the_value_reads_a_class_body_name() {
    check_fix_not_applicable(
        CODE,
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Order:\n    DEFAULTS = (1, 2)\n    items: list = $0list(DEFAULTS)\n",
    );
}

#[test]
fn not_when_the_class_body_binds_field() {
    check_fix_not_applicable(
        CODE,
        "from dataclasses import dataclass\n\n\n@dataclass\nclass Order:\n    field = 1\n    items: list = $0[]\n",
    );
}

#[test]
fn the_fix_is_offered() {
    let (_, tier) =
        fixed_text(CODE, "from dataclasses import dataclass\n\n\n@dataclass\nclass Order:\n    items: list = $0[]\n", &Settings::default())
            .expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Offered);
}

/// The severity of each kind of default, before and from 3.11.
#[test]
fn severity_follows_the_python_version() {
    let text = "from collections import deque\nfrom dataclasses import dataclass\n\n\nclass Tag:\n    pass\n\n\n@dataclass\nclass Order:\n    items: list = []\n    queue: deque = deque()\n    tag: Tag = Tag()\n";
    let (_, analysis) = support::analyze(text);
    let severities = |version: (u32, u32)| -> Vec<&'static str> {
        let settings = Settings { python_version: version, ..Settings::default() };
        pyexplain::ide::diagnostics::diagnostics(text, &analysis, support::knowledge(), &settings)
            .iter()
            .filter(|diagnostic| diagnostic.finding.code == CODE)
            .map(|diagnostic| diagnostic.severity.as_str())
            .collect()
    };
    assert_eq!(severities((3, 10)), ["error", "warning", "warning"]);
    assert_eq!(severities((3, 11)), ["error", "error", "warning"]);
}
