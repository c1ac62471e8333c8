"""Orders, fetched from the warehouse service."""

import json
import urllib.request

from ourlib.retry import retry

WAREHOUSE = "http://warehouse.internal/orders/"


@retry(times=5, delay=0.2)
def fetch_order(order_id):
    with urllib.request.urlopen(WAREHOUSE + str(order_id), timeout=2) as response:
        return json.load(response)


def fetch_status(order_id):
    # Called without the decorator syntax: the same policy, applied to a lambda.
    checked = retry(times=2)(lambda: fetch_order(order_id)["status"])
    return checked()
