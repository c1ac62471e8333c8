"""A small inventory service: the kind of module a newcomer reads on day one.

Run `pyexplain scan examples/` to see the advanced constructs it uses.
"""
from __future__ import annotations

import contextlib
import copy
import functools
import json
import pickle
import threading
from abc import ABC, abstractmethod
from concurrent.futures import ThreadPoolExecutor
from typing import Annotated, Final, Literal, Protocol

MAX_ITEMS: Final = 10_000
Unit = Literal["piece", "kg", "litre"]
Quantity = Annotated[int, "units in stock"]


class Clock(Protocol):
    def now(self) -> float: ...


class Positive:
    """A data descriptor that rejects values below one."""

    def __set_name__(self, owner, name):
        self.private = "_" + name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return getattr(instance, self.private)

    def __set__(self, instance, value):
        if value < 1:
            raise ValueError(f"{value!r} is not positive")
        setattr(instance, self.private, value)


class Registry(type):
    """Remembers every storage backend class by name."""

    backends = {}

    def __new__(mcs, name, bases, namespace):
        cls = super().__new__(mcs, name, bases, namespace)
        mcs.backends[name.lower()] = cls
        return cls


class Storage(metaclass=Registry):
    def save(self, items):
        raise NotImplementedError


class Repository(ABC):
    @abstractmethod
    def load(self, sku): ...


class Item:
    quantity = Positive()

    def __init__(self, sku, quantity, tags=[]):
        self.sku = sku
        self.quantity = quantity
        self.tags = tags


class Inventory(Repository):
    def __init__(self):
        self.lock = threading.Lock()
        self.items = {}

    def load(self, sku):
        return self.items[sku]

    @functools.lru_cache(maxsize=None)
    def price(self, sku):
        return len(sku) * 1.5

    def __iter__(self):
        yield from self.items.values()

    def add(self, item):
        self.lock.acquire()
        self.items[item.sku] = item
        self.lock.release()


def retry(times):
    def decorate(function):
        def wrapper(*args, **kwargs):
            for attempt in range(times):
                try:
                    return function(*args, **kwargs)
                except OSError:
                    if attempt == times - 1:
                        raise
        return wrapper
    return decorate


@retry(times=3)
def export(inventory, path):
    handle = open(path, "w")
    handle.write(json.dumps([item.sku for item in inventory]))
    handle.close()


def snapshot(inventory):
    return copy.deepcopy(inventory.items)


class Discount:
    """A pricing rule that is called like a function."""

    def __init__(self, percent):
        self.percent = percent

    def __call__(self, price):
        return price * (100 - self.percent) / 100


class Shop:
    def __init__(self, name):
        self.name = name
        self.inventory = Inventory()


def restore(blob):
    return pickle.loads(blob)


def skus(inventory):
    for item in inventory:
        yield item


@contextlib.contextmanager
def locked(inventory):
    inventory.lock.acquire()
    try:
        yield inventory
    finally:
        inventory.lock.release()


def warm_prices(inventory):
    callbacks = []
    for sku in inventory.items:
        callbacks.append(lambda: inventory.price(sku))
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda callback: callback(), callbacks))


if __name__ == "__main__":
    store = Inventory()
    store.add(Item("apple", 3))
    with locked(store):
        print(sorted(skus(store)))
