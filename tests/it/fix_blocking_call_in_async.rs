//! The `blocking-call-in-async` fix: `time.sleep(x)` in an `async def` becomes `await asyncio.sleep(x)`.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, fixed_text};

const CODE: &str = "blocking-call-in-async";

#[test]
fn sleep_becomes_an_awaited_asyncio_sleep_with_the_import_added() {
    check_fix(
        CODE,
        "import time\n\n\nasync def poll(client):\n    while not client.ready():\n        $0time.sleep(1)\n",
        "import time\nimport asyncio\n\n\nasync def poll(client):\n    while not client.ready():\n        await asyncio.sleep(1)\n",
    );
}

#[test]
fn the_files_asyncio_alias_is_used() {
    check_fix(
        CODE,
        "import asyncio as aio\nfrom time import sleep\n\n\nasync def poll():\n    $0sleep(0.5)  # wait\n    await aio.sleep(0)\n",
        "import asyncio as aio\nfrom time import sleep\n\n\nasync def poll():\n    await aio.sleep(0.5)  # wait\n    await aio.sleep(0)\n",
    );
}

#[test]
fn the_import_is_added_once_and_the_fix_is_offered() {
    let (_, tier) = fixed_text(CODE, "import time\n\n\nasync def poll():\n    $0time.sleep(1)\n    time.sleep(2)\n", &Settings::default())
        .expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Offered);
}

#[test]
fn only_a_whole_statement_in_the_async_def_itself() {
    check_fix_not_applicable(CODE, "import time\n\n\nasync def poll():\n    done = $0time.sleep(1)\n    return done\n");
    check_fix_not_applicable(CODE, "import time\n\n\nasync def poll(xs):\n    return [$0time.sleep(x) for x in xs]\n");
}

#[test]
fn only_time_sleep_with_one_argument() {
    check_fix_not_applicable(CODE, "import requests\n\n\nasync def poll(url):\n    $0requests.get(url)\n");
    check_fix_not_applicable(CODE, "import time\n\n\nasync def poll(args):\n    $0time.sleep(*args)\n");
}

#[test]
fn not_with_another_async_library() {
    check_fix_not_applicable(CODE, "import time\nimport trio\n\n\nasync def poll():\n    $0time.sleep(1)\n    await trio.sleep(0)\n");
    check_fix_not_applicable(CODE, "import time\nfrom anyio import run\n\n\nasync def poll():\n    $0time.sleep(1)\n");
    check_fix_not_applicable(CODE, "import time\n\n\nasync def poll():\n    import curio\n    $0time.sleep(1)\n");
}

#[test]
fn not_when_asyncio_names_something_else() {
    check_fix_not_applicable(CODE, "import time\n\n\nasync def poll(asyncio):\n    $0time.sleep(1)\n");
    check_fix_not_applicable(CODE, "import time\nimport asyncio\n\n\nasync def poll(asyncio):\n    $0time.sleep(1)\n");
}
