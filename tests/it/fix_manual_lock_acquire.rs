//! The `manual-lock-acquire` fix: `with R:` over the statements between the two calls.

use crate::support;

use support::{check_fix, check_fix_not_applicable};

const CODE: &str = "manual-lock-acquire";

#[test]
fn method_lock_becomes_a_with_block() {
    check_fix(
        CODE,
        "import threading\n\n\nclass Counter:\n    def __init__(self):\n        self._lock = threading.Lock()\n        self.value = 0\n\n    def increment(self):\n        $0self._lock.acquire()\n        self.value += 1\n        self._lock.release()\n        return self.value\n",
        "import threading\n\n\nclass Counter:\n    def __init__(self):\n        self._lock = threading.Lock()\n        self.value = 0\n\n    def increment(self):\n        with self._lock:\n            self.value += 1\n        return self.value\n",
    );
}

#[test]
fn tabs_comments_and_blank_lines_are_kept() {
    check_fix(
        CODE,
        "import threading\n\ndef work(items):\n\tguard = threading.RLock()\n\t$0guard.acquire()  # enter\n\t# Critical section.\n\titems.append(1)\n\n\tfor item in items:\n\t\tprint(item)\n\tguard.release()  # leave\n",
        "import threading\n\ndef work(items):\n\tguard = threading.RLock()\n\twith guard:  # enter\n\t\t# Critical section.\n\t\titems.append(1)\n\n\t\tfor item in items:\n\t\t\tprint(item)\n\t# leave\n",
    );
}

#[test]
fn two_space_indentation_is_followed() {
    check_fix(
        CODE,
        "import threading\n\ndef work():\n  guard = threading.Lock()\n  $0guard.acquire()\n  print(1)\n  guard.release()\n",
        "import threading\n\ndef work():\n  guard = threading.Lock()\n  with guard:\n    print(1)\n",
    );
}

#[test]
fn module_level_uses_the_file_indentation() {
    check_fix(
        CODE,
        "import threading\n\nlock = threading.Lock()\n$0lock.acquire()\nx = 1\nlock.release()\n\n\ndef f():\n  return x\n",
        "import threading\n\nlock = threading.Lock()\nwith lock:\n  x = 1\n\n\ndef f():\n  return x\n",
    );
}

#[test]
fn empty_section_gets_pass() {
    check_fix(
        CODE,
        "import threading\n\nlock = threading.Lock()\n$0lock.acquire()\n# nothing yet\nlock.release()\n",
        "import threading\n\nlock = threading.Lock()\nwith lock:\n    # nothing yet\n    pass\n",
    );
}

#[test]
fn multiline_strings_are_not_reindented() {
    check_fix(
        CODE,
        "import threading\n\ndef f():\n    lock = threading.Lock()\n    $0lock.acquire()\n    text = \"\"\"first\nsecond\n    third\"\"\"\n    lock.release()\n    return text\n",
        "import threading\n\ndef f():\n    lock = threading.Lock()\n    with lock:\n        text = \"\"\"first\nsecond\n    third\"\"\"\n    return text\n",
    );
}

#[test]
fn crlf_line_endings() {
    check_fix(
        CODE,
        "import threading\r\n\r\ndef f():\r\n    lock = threading.Lock()\r\n    $0lock.acquire()\r\n    print(1)\r\n    lock.release()\r\n",
        "import threading\r\n\r\ndef f():\r\n    lock = threading.Lock()\r\n    with lock:\r\n        print(1)\r\n",
    );
}

#[test]
fn break_inside_a_nested_loop_is_fine() {
    check_fix(
        CODE,
        "import threading\n\ndef f(items):\n    lock = threading.Lock()\n    $0lock.acquire()\n    for item in items:\n        if item:\n            break\n    lock.release()\n",
        "import threading\n\ndef f(items):\n    lock = threading.Lock()\n    with lock:\n        for item in items:\n            if item:\n                break\n",
    );
}

#[test]
fn not_offered_with_a_return_between() {
    check_fix_not_applicable(
        CODE,
        "import threading\n\ndef f(x):\n    lock = threading.Lock()\n    $0lock.acquire()\n    if x:\n        return 1\n    lock.release()\n",
    );
}

#[test]
fn not_offered_with_a_break_of_the_enclosing_loop() {
    check_fix_not_applicable(
        CODE,
        "import threading\n\ndef f(items):\n    lock = threading.Lock()\n    for item in items:\n        $0lock.acquire()\n        if item:\n            break\n        lock.release()\n",
    );
}

#[test]
fn not_offered_with_a_continue_in_a_loop_else() {
    check_fix_not_applicable(
        CODE,
        "import threading\n\ndef f(items):\n    lock = threading.Lock()\n    for item in items:\n        $0lock.acquire()\n        for x in item:\n            pass\n        else:\n            continue\n        lock.release()\n",
    );
}

#[test]
fn not_offered_with_a_yield_between() {
    check_fix_not_applicable(
        CODE,
        "import threading\n\ndef f():\n    lock = threading.Lock()\n    $0lock.acquire()\n    yield 1\n    lock.release()\n",
    );
}

#[test]
fn not_offered_with_other_calls_on_the_lock() {
    check_fix_not_applicable(
        CODE,
        "import threading\n\ndef f(x):\n    lock = threading.Lock()\n    $0lock.acquire()\n    if x:\n        lock.release()\n        lock.acquire()\n    lock.release()\n",
    );
}

#[test]
fn not_offered_with_statements_on_the_same_line() {
    check_fix_not_applicable(CODE, "import threading\n\nlock = threading.Lock()\n$0lock.acquire(); x = 1\nlock.release()\n");
}

#[test]
fn fix_is_safe() {
    let (_, tier) = support::fixed_text(
        CODE,
        "import threading\n\nlock = threading.Lock()\n$0lock.acquire()\nx = 1\nlock.release()\n",
        &Default::default(),
    )
    .expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Safe);
}
