//! The `super-with-arguments` fix: `super(Cls, self)` becomes `super()` where that is the same call.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, check_fix_not_applicable_with, check_fix_with, fixed_text};

const CODE: &str = "super-with-arguments";

#[test]
fn explicit_arguments_are_dropped() {
    check_fix(
        CODE,
        "class Base:\n    pass\n\n\nclass Child(Base):\n    def __init__(self, name):\n        $0super(Child, self).__init__()  # keep\n        self.name = name\n",
        "class Base:\n    pass\n\n\nclass Child(Base):\n    def __init__(self, name):\n        super().__init__()  # keep\n        self.name = name\n",
    );
}

#[test]
fn class_method_and_tabs() {
    check_fix(
        CODE,
        "class Child(dict):\n\t@classmethod\n\tdef make(cls):\n\t\treturn $0super(Child, cls).fromkeys([])\n",
        "class Child(dict):\n\t@classmethod\n\tdef make(cls):\n\t\treturn super().fromkeys([])\n",
    );
}

#[test]
fn the_fix_is_safe() {
    let (_, tier) = fixed_text(CODE, "class A(dict):\n    def f(self):\n        return $0super(A, self).keys()\n", &Settings::default())
        .expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Safe);
}

#[test]
fn multi_line_arguments() {
    check_fix(
        CODE,
        "class A(dict):\n    def f(self):\n        return $0super(\n            A,\n            self,\n        ).keys()\n",
        "class A(dict):\n    def f(self):\n        return super().keys()\n",
    );
}

#[test]
fn not_in_a_nested_def_lambda_or_comprehension() {
    check_fix_not_applicable(
        CODE,
        "class A(dict):\n    def f(self):\n        def g():\n            return $0super(A, self).keys()\n        return g\n",
    );
    check_fix_not_applicable(CODE, "class A(dict):\n    def f(self):\n        return lambda: $0super(A, self).keys()\n");
    check_fix_not_applicable(CODE, "class A(dict):\n    def f(self):\n        return [$0super(A, self).get(k) for k in 'ab']\n");
}

#[test]
fn not_in_a_static_method() {
    check_fix_not_applicable(CODE, "class A(dict):\n    @staticmethod\n    def f(other):\n        return $0super(A, other).keys()\n");
}

#[test]
fn slots_need_python_3_14() {
    let slots = "class A(dict):\n    __slots__ = ('x',)\n\n    def f(self):\n        return $0super(A, self).keys()\n";
    check_fix_not_applicable(CODE, slots);
    check_fix_with(
        CODE,
        &Settings::from_json(&serde_json::json!({"pythonVersion": "3.14"})),
        slots,
        "class A(dict):\n    __slots__ = ('x',)\n\n    def f(self):\n        return super().keys()\n",
    );
    let dataclass = "from dataclasses import dataclass\n\n\n@dataclass(slots=True)\nclass A(dict):\n    def f(self):\n        return $0super(A, self).keys()\n";
    check_fix_not_applicable_with(CODE, &Settings::from_json(&serde_json::json!({"pythonVersion": "3.13"})), dataclass);
    check_fix_with(
        CODE,
        &Settings::from_json(&serde_json::json!({"pythonVersion": "3.14"})),
        dataclass,
        "from dataclasses import dataclass\n\n\n@dataclass(slots=True)\nclass A(dict):\n    def f(self):\n        return super().keys()\n",
    );
}

#[test]
fn plain_dataclass_is_fine() {
    check_fix(
        CODE,
        "import dataclasses\n\n\n@dataclasses.dataclass(frozen=True)\nclass A(dict):\n    def f(self):\n        return $0super(A, self).keys()\n",
        "import dataclasses\n\n\n@dataclasses.dataclass(frozen=True)\nclass A(dict):\n    def f(self):\n        return super().keys()\n",
    );
}

#[test]
fn a_comment_inside_the_arguments_is_kept_by_not_fixing() {
    check_fix_not_applicable(
        CODE,
        "class A(dict):\n    def f(self):\n        return $0super(A,  # why\n                     self).keys()\n",
    );
}
