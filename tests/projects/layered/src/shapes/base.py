import abc


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
