"""Sample for the editor tests (tests/editors.rs): rewrite the class as a function."""
from contextlib import contextmanager


@contextmanager
def Timer(label):
    print("start", label)
    try:
        yield label
    finally:
        print("end", label)


with Timer("load") as label:
    print(label)
