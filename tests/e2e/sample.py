"""Sample for the editor tests (tests/editors.rs): hover `yield`, fix the loop."""


def inner():
    yield 1
    yield 2


def outer():
    result = yield from inner()
    return result


def lines(it):
    for x in it:
        yield x
