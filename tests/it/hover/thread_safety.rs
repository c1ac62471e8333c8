//! Thread safety: what each `threading` primitive and `queue` class guarantees.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn lock_is_not_reentrant() {
    // `threading.Lock()`.
    let actual = hover_notes(
        r#"
import threading

lock = threading.$0Lock()
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A mutual-exclusion lock: one thread at a time runs the code it guards; use it as `with lock:` so it is released even when the body raises.
    - Not reentrant: the holder acquiring it again deadlocks (use `RLock` for that); any thread may release it.
    ");
}

#[test]
fn rlock_and_condition() {
    // Reentrant lock; condition variable.
    let actual = hover_notes(
        r#"
import threading

lock = threading.$0RLock()
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A reentrant lock: the thread holding it may acquire it again, as when a locked method calls another locked method.
    - Only the owner may release it, once per acquisition; `with rlock:` pairs them for you.
    ");
    let actual = hover_notes(
        r#"
import threading

ready = threading.$0Condition()
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A condition variable: threads `wait()` until another thread changes shared state and calls `notify()` or `notify_all()`, all while holding its lock.
    - Re-check the predicate in a `while` loop or use `wait_for(predicate)`: the state may have changed again by the time `wait()` returns.
    ");
}

#[test]
fn semaphores_with_their_initial_value() {
    // The value is shown; bounded or not.
    let actual = hover_notes(
        r#"
from threading import Semaphore

slots = $0Semaphore(3)
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A counting semaphore with initial value `3`: at most that many threads hold it at once, for example to limit concurrent connections.
    - Extra `release()` calls silently raise the limit; `BoundedSemaphore` raises ValueError instead.
    ");
    let actual = hover_notes(
        r#"
import threading as th

slots = th.$0BoundedSemaphore(value=2)
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A counting semaphore with initial value `2`: at most that many threads hold it at once, for example to limit concurrent connections.
    - Bounded: releasing it more often than it was acquired raises ValueError, which catches bugs.
    ");
}

#[test]
fn event_and_barrier() {
    // A flag; a barrier for a number of parties.
    let actual = hover_notes(
        r#"
import threading

stop = threading.$0Event()
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A flag threads can wait on: `set()` wakes every thread blocked in `wait()`, `clear()` resets it; typical for start and stop signals.
    - Not a context manager: `with` on an event raises TypeError (AttributeError on 3.9 and 3.10).
    ");
    let actual = hover_notes(
        r#"
import threading

phase = threading.$0Barrier(4)
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A barrier for `4` threads: each `wait()` blocks until all of them have arrived, then they go on together.
    - Typical for phases of parallel work; `abort()` or a timeout breaks it with `BrokenBarrierError`; it is not a context manager, so call `wait()` itself.
    ");
}

#[test]
fn queues_bounded_unbounded_and_simple() {
    // `maxsize` given or not; `SimpleQueue`; `PriorityQueue`.
    let actual = hover_notes(
        r#"
import queue

jobs = queue.$0Queue(maxsize=100)
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A thread-safe FIFO queue, the usual way to hand work from producer threads to consumer threads; each item goes to exactly one consumer.
    - Bounded to `100` items: `put()` blocks while it is full, which slows producers down instead of using unbounded memory.
    ");
    let actual = hover_notes(
        r#"
import queue

jobs = queue.$0Queue()
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A thread-safe FIFO queue, the usual way to hand work from producer threads to consumer threads; each item goes to exactly one consumer.
    - Unbounded: `put()` never blocks; `get()` blocks until an item arrives, and `task_done()`/`join()` track finished work.
    ");
    // A negative `maxsize` means unbounded, as 0 does.
    let actual = hover_notes(
        r#"
import queue

jobs = queue.$0Queue(maxsize=-1)
"#,
    );
    // Pins that a negative `maxsize` is reported as unbounded, not as a bound.
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A thread-safe FIFO queue, the usual way to hand work from producer threads to consumer threads; each item goes to exactly one consumer.
    - Unbounded (a `maxsize` of 0 or less sets no limit): `put()` never blocks; `get()` blocks until an item arrives, and `task_done()`/`join()` track finished work.
    ");
    // Positional `0` is unbounded too; positional `10` is a bound.
    let actual = hover_notes(
        r#"
import queue

jobs = queue.$0Queue(0)
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A thread-safe FIFO queue, the usual way to hand work from producer threads to consumer threads; each item goes to exactly one consumer.
    - Unbounded (a `maxsize` of 0 or less sets no limit): `put()` never blocks; `get()` blocks until an item arrives, and `task_done()`/`join()` track finished work.
    ");
    let actual = hover_notes(
        r#"
import queue

jobs = queue.$0Queue(10)
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A thread-safe FIFO queue, the usual way to hand work from producer threads to consumer threads; each item goes to exactly one consumer.
    - Bounded to `10` items: `put()` blocks while it is full, which slows producers down instead of using unbounded memory.
    ");
    // A name: its value is unknown here, so both outcomes are stated.
    let actual = hover_notes(
        r#"
import queue

jobs = queue.$0Queue(maxsize=limit)
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A thread-safe FIFO queue, the usual way to hand work from producer threads to consumer threads; each item goes to exactly one consumer.
    - Bounded to `limit` items if that is positive (0 or less means unbounded): `put()` blocks while it is full.
    ");
    let actual = hover_notes(
        r#"
import queue

jobs = queue.$0SimpleQueue()
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - An unbounded FIFO queue for handing work between threads (3.7+): `put()` never blocks, `get()` blocks until an item arrives.
    - It has no `task_done()`/`join()` and no size limit; its `put()` is reentrant, so it is safe to call from `__del__` methods and weakref callbacks.
    ");
    let actual = hover_notes(
        r#"
from queue import PriorityQueue

jobs = $0PriorityQueue()
"#,
    );
    assert_snapshot!(actual, @r"
    **Thread-safe code**
    - A thread-safe priority queue: `get()` returns the lowest item first, typically a `(priority, item)` tuple; each item goes to exactly one consumer.
    - Unbounded: `put()` never blocks; `get()` blocks until an item arrives, and `task_done()`/`join()` track finished work.
    ");
}

#[test]
fn asyncio_queue_and_a_local_lock_are_not_these() {
    // Near misses: an `asyncio.Queue` and a `Lock` defined here.
    check_no_hover(
        r#"
import asyncio

jobs = asyncio.$0Queue()
"#,
    );
    check_no_hover(
        r#"
class Lock:
    pass

lock = $0Lock()
"#,
    );
}
