//! The `coroutine-never-awaited` fix: `await ` before a dropped coroutine call in an `async def`.

use crate::support;

use pyexplain::settings::Settings;
use support::{check_fix, check_fix_not_applicable, fixed_text};

const CODE: &str = "coroutine-never-awaited";

#[test]
fn await_is_added_before_the_call() {
    check_fix(
        CODE,
        "async def save(record):\n    pass\n\n\nasync def handle(record):\n    $0save(record)  # store it\n",
        "async def save(record):\n    pass\n\n\nasync def handle(record):\n    await save(record)  # store it\n",
    );
}

#[test]
fn methods_and_asyncio_functions() {
    check_fix(
        CODE,
        "class Store:\n    async def flush(self):\n        pass\n\n    async def run(self):\n        $0self.flush()\n",
        "class Store:\n    async def flush(self):\n        pass\n\n    async def run(self):\n        await self.flush()\n",
    );
    check_fix(
        CODE,
        "import asyncio as aio\n\n\nasync def pause():\n    $0aio.sleep(1)\n",
        "import asyncio as aio\n\n\nasync def pause():\n    await aio.sleep(1)\n",
    );
}

#[test]
fn the_fix_is_offered() {
    let (_, tier) =
        fixed_text(CODE, "import asyncio\n\n\nasync def pause():\n    $0asyncio.sleep(1)\n", &Settings::default()).expect("a fix");
    assert_eq!(tier, pyexplain::fixes::Tier::Offered);
}

#[test]
fn not_outside_an_async_def() {
    check_fix_not_applicable(CODE, "async def save():\n    pass\n\n\ndef start():\n    $0save()\n");
    check_fix_not_applicable(CODE, "async def save():\n    pass\n\n\n$0save()\n");
    check_fix_not_applicable(
        CODE,
        "async def save():\n    pass\n\n\nasync def start():\n    def inner():\n        $0save()\n    return inner\n",
    );
}
