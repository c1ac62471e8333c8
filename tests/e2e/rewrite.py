"""Sample for the editor tests (tests/editors.rs): rewrite the class as a function."""


class Timer:
    def __init__(self, label):
        self.label = label

    def __enter__(self):
        print("start", self.label)
        return self.label

    def __exit__(self, exc_type, exc, tb):
        print("end", self.label)


with Timer("load") as label:
    print(label)
