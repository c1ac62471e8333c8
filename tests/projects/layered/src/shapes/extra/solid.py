from ..base import Shape


class Solid(Shape):
    def __init__(self, name):
        super().__init__(name)
