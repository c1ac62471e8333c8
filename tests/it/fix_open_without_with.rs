//! The `open-without-with` fix: a `with` block over the uses of the file, without the lone `close()`.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, fixed_text};

const CODE: &str = "open-without-with";

#[test]
fn uses_move_into_the_block_and_close_goes() {
    check_fix(
        CODE,
        "def read_header(path):\n    f = $0open(path, encoding=\"utf-8\")\n    header = f.readline()\n    f.close()\n    return header\n",
        "def read_header(path):\n    with open(path, encoding=\"utf-8\") as f:\n        header = f.readline()\n    return header\n",
    );
}

#[test]
fn the_fix_is_offered() {
    let (_, tier) = fixed_text(CODE, "def f(p):\n    f = $0open(p)\n    f.read()\n", &Settings::default()).expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Offered);
}

#[test]
fn statements_after_the_last_use_stay_outside() {
    check_fix(
        CODE,
        "def count(path):\n    total = 0\n    f = $0open(path)  # source\n    # Count the lines.\n    for line in f:\n        total += 1\n\n    print(f.name)\n    print(total)\n    f.close()  # done\n    return total\n",
        "def count(path):\n    total = 0\n    with open(path) as f:  # source\n        # Count the lines.\n        for line in f:\n            total += 1\n\n        print(f.name)\n    print(total)\n    # done\n    return total\n",
    );
}

#[test]
fn tabs_and_module_level() {
    check_fix(
        CODE,
        "if True:\n\tlog = $0open('log.txt', 'w')\n\tlog.write('a')\n\tlog.write('b')\n",
        "if True:\n\twith open('log.txt', 'w') as log:\n\t\tlog.write('a')\n\t\tlog.write('b')\n",
    );
    check_fix(
        CODE,
        "import sys\n\nout = $0open('out.txt', 'w')\nout.write(sys.argv[0])\nout.close()\n",
        "import sys\n\nwith open('out.txt', 'w') as out:\n    out.write(sys.argv[0])\n",
    );
}

#[test]
fn multi_line_strings_are_not_reindented() {
    check_fix(
        CODE,
        "def f(p):\n    f = $0open(p, 'w')\n    f.write('''a\nb\n''')\n    f.close()\n",
        "def f(p):\n    with open(p, 'w') as f:\n        f.write('''a\nb\n''')\n",
    );
}

#[test]
fn only_close_leaves_a_pass() {
    check_fix(CODE, "def touch(p):\n    f = $0open(p, 'w')\n    f.close()\n", "def touch(p):\n    with open(p, 'w') as f:\n        pass\n");
    check_fix(
        CODE,
        "def touch(p):\n    f = $0open(p, 'w')  # create\n",
        "def touch(p):\n    with open(p, 'w') as f:  # create\n        pass\n",
    );
}

#[test]
fn not_when_closed_on_some_paths_only() {
    check_fix_not_applicable(CODE, "def f(p, early):\n    f = $0open(p)\n    if early:\n        f.close()\n        return None\n    data = f.read()\n    f.close()\n    return data\n");
    check_fix_not_applicable(CODE, "def f(p):\n    f = $0open(p)\n    try:\n        data = f.read()\n    except OSError:\n        f.close()\n        raise\n    return data\n");
}

#[test]
fn not_for_an_annotated_name() {
    check_fix_not_applicable(CODE, "def f(p):\n    f: object = $0open(p)\n    f.read()\n");
}

#[test]
fn not_when_the_name_is_rebound() {
    check_fix_not_applicable(CODE, "def f(p, q):\n    f = $0open(p)\n    f.read()\n    f = open(q)\n    f.read()\n");
    check_fix_not_applicable(CODE, "def f(p):\n    f = $0open(p)\n    f.read()\n    del f\n");
}

#[test]
fn not_when_a_use_is_outside_the_block() {
    check_fix_not_applicable(CODE, "def f(p, c):\n    if c:\n        f = $0open(p)\n        f.read()\n    f.close()\n");
}

#[test]
fn not_when_the_file_is_used_after_close() {
    check_fix_not_applicable(CODE, "def f(p):\n    f = $0open(p)\n    f.read()\n    f.close()\n    print(f.closed)\n");
}

#[test]
fn not_when_statements_share_a_line() {
    check_fix_not_applicable(CODE, "def f(p):\n    f = $0open(p); f.read()\n    f.close()\n");
    check_fix_not_applicable(CODE, "def f(p):\n    f = $0open(p)\n    f.read(); g = 1\n    print(g)\n");
}

#[test]
fn a_file_handed_to_a_consumer_moves_into_the_block() {
    check_fix(
        CODE,
        "import json\n\ndef load(path):\n    f = $0open(path)\n    data = json.load(f)\n    f.close()\n    return data\n",
        "import json\n\ndef load(path):\n    with open(path) as f:\n        data = json.load(f)\n    return data\n",
    );
}

#[test]
fn the_block_covers_the_uses_of_a_csv_writer_over_the_file() {
    check_fix(
        CODE,
        "import csv\n\ndef export(path, rows):\n    out = $0open(path, 'w', newline='')\n    writer = csv.writer(out)\n    for row in rows:\n        writer.writerow(row)\n    count = len(rows)\n    out.close()\n    return count\n",
        "import csv\n\ndef export(path, rows):\n    with open(path, 'w', newline='') as out:\n        writer = csv.writer(out)\n        for row in rows:\n            writer.writerow(row)\n    count = len(rows)\n    return count\n",
    );
}

#[test]
fn not_when_the_csv_writer_is_used_after_close() {
    check_fix_not_applicable(
        CODE,
        "import csv\n\ndef export(path, rows):\n    out = $0open(path, 'w')\n    writer = csv.writer(out)\n    out.close()\n    writer.writerow(rows)\n",
    );
}
