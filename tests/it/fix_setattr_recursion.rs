//! The `setattr-recursion` fix: `self.x = v` in `__setattr__` and `self.x` in `__getattribute__`
//! go through `super()`, where they always recursed.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, check_fix_not_applicable_with, check_fix_with, fixed_text};

const CODE: &str = "setattr-recursion";

#[test]
fn assignment_in_setattr_goes_through_super() {
    check_fix(
        CODE,
        "class Record:\n    def __setattr__(self, name, value):\n        $0self.changed = True  # mark\n        super().__setattr__(name, value)\n",
        "class Record:\n    def __setattr__(self, name, value):\n        super().__setattr__(\"changed\", True)  # mark\n        super().__setattr__(name, value)\n",
    );
}

#[test]
fn a_tuple_value_keeps_its_parentheses() {
    check_fix(
        CODE,
        "class Pair:\n    def __setattr__(self, name, value):\n        $0self.last = name, value\n",
        "class Pair:\n    def __setattr__(self, name, value):\n        super().__setattr__(\"last\", (name, value))\n",
    );
}

#[test]
fn read_in_getattribute_goes_through_super() {
    check_fix(
        CODE,
        "class Lazy:\n    def __getattribute__(self, name):\n        return $0self._data[name]\n",
        "class Lazy:\n    def __getattribute__(self, name):\n        return super().__getattribute__(\"_data\")[name]\n",
    );
}

#[test]
fn the_fix_is_safe() {
    let (_, tier) = fixed_text(CODE, "class A:\n    def __setattr__(self, name, value):\n        $0self.x = value\n", &Settings::default())
        .expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Safe);
}

#[test]
fn not_for_augmented_chained_or_annotated_assignments() {
    check_fix_not_applicable(CODE, "class A:\n    def __setattr__(self, name, value):\n        $0self.count += 1\n");
    check_fix_not_applicable(CODE, "class A:\n    def __setattr__(self, name, value):\n        $0self.a = self.b = value\n");
    check_fix_not_applicable(CODE, "class A:\n    def __setattr__(self, name, value):\n        $0self.a: int = value\n");
    check_fix_not_applicable(CODE, "class A:\n    def __getattribute__(self, name):\n        $0self.count += 1\n");
}

#[test]
fn not_for_setattr_calls() {
    check_fix_not_applicable(CODE, "class A:\n    def __setattr__(self, name, value):\n        $0setattr(self, name, value)\n");
}

#[test]
fn not_for_mangled_private_names() {
    check_fix_not_applicable(CODE, "class A:\n    def __setattr__(self, name, value):\n        $0self.__seen = True\n");
}

#[test]
fn not_with_a_comment_inside_the_statement() {
    check_fix_not_applicable(
        CODE,
        "class A:\n    def __setattr__(self, name, value):\n        $0self.x = (  # why\n            value\n        )\n",
    );
}

#[test]
fn dataclass_slots_need_python_3_14() {
    let source = "from dataclasses import dataclass\n\n\n@dataclass(slots=True)\nclass A:\n    def __setattr__(self, name, value):\n        $0self.x = value\n";
    check_fix_not_applicable_with(CODE, &Settings::from_json(&serde_json::json!({"pythonVersion": "3.13"})), source);
    check_fix_with(
        CODE,
        &Settings::from_json(&serde_json::json!({"pythonVersion": "3.14"})),
        source,
        "from dataclasses import dataclass\n\n\n@dataclass(slots=True)\nclass A:\n    def __setattr__(self, name, value):\n        super().__setattr__(\"x\", value)\n",
    );
}
