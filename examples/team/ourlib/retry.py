"""Retrying calls that fail for transient reasons."""

import functools
import time


def retry(times=3, delay=0.5, exceptions=(ConnectionError, TimeoutError)):
    """Re-run the decorated function up to `times` times when it raises one of `exceptions`."""

    def decorate(function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            for attempt in range(1, times + 1):
                try:
                    return function(*args, **kwargs)
                except exceptions:
                    if attempt == times:
                        raise
                    time.sleep(delay * 2 ** (attempt - 1))

        return wrapper

    return decorate
