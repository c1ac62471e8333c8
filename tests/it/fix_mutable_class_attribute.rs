//! The `mutable-class-attribute` fix: the shared value moves into `__init__`.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, fixed_text};

const CODE: &str = "mutable-class-attribute";

#[test]
fn moves_the_value_into_init() {
    check_fix(
        CODE,
        "class Cart:\n    $0items = []\n\n    def __init__(self, owner):\n        self.owner = owner\n\n    def add(self, item):\n        self.items.append(item)\n",
        "class Cart:\n\n    def __init__(self, owner):\n        self.items = []\n        self.owner = owner\n\n    def add(self, item):\n        self.items.append(item)\n",
    );
}

#[test]
fn after_the_docstring_with_the_first_parameter_and_the_annotation_kept() {
    check_fix(
        CODE,
        "class Cart:\n    $0items: list = {}\n\n    def __init__(me):\n        \"\"\"Doc.\"\"\"\n        pass\n\n    def add(me, k):\n        me.items[k] = 1\n",
        "class Cart:\n    items: list\n\n    def __init__(me):\n        \"\"\"Doc.\"\"\"\n        me.items = {}\n        pass\n\n    def add(me, k):\n        me.items[k] = 1\n",
    );
}

#[test]
fn not_without_an_init_of_its_own() {
    check_fix_not_applicable(CODE, "class Cart:\n    $0items = []\n\n    def add(self, item):\n        self.items.append(item)\n");
}

#[test]
fn not_when_the_value_reads_a_class_body_name() {
    check_fix_not_applicable(
        CODE,
        "class Cart:\n    DEFAULTS = {'a': 1}\n    $0items = dict(DEFAULTS)\n\n    def __init__(self):\n        pass\n\n    def add(self, k):\n        self.items[k] = 1\n",
    );
}

#[test]
fn not_when_the_class_body_reads_it() {
    check_fix_not_applicable(
        CODE,
        "class Cart:\n    $0items = []\n    backup = items\n\n    def __init__(self):\n        pass\n\n    def add(self, k):\n        self.items.append(k)\n",
    );
}

#[test]
fn the_fix_is_offered() {
    let (fixed, tier) = fixed_text(
        CODE,
        "class Cart:\n    $0items = []\n\n    def __init__(self):\n        pass\n\n    def add(self, item):\n        self.items.append(item)\n",
        &Settings::default(),
    )
    .expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Offered);
    support::assert_valid_python(&fixed);
}
