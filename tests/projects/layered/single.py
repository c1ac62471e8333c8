import abc
from abc import abstractmethod


class Shape(abc.ABC):
    def __init__(self, name):
        self.name = name

    @abc.abstractmethod
    def area(self):
        ...

    @abc.abstractmethod
    def perimeter(self):
        ...


class Field:
    def __get__(self, obj, objtype=None):
        return obj.__dict__.get("value")


class ReprMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)

    def __repr__(self):
        return type(self).__name__


class Circle(ReprMixin, Shape):
    def __init__(self, radius):
        super().__init__("circle")
        self.radius = radius

    @abstractmethod
    def area(self):
        ...


class Guarded(Field):
    def __set__(self, obj, value):
        obj.__dict__["value"] = value
