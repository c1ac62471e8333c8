from shapes.mixins import ReprMixin

from ..base import Shape


class Square(ReprMixin, Shape):
    def __init__(self, side):
        super().__init__("square")
        self.side = side
