"""The warehouse service's health check, inside the package: a relative import."""

import urllib.request

from .retry import retry


@retry(times=2, delay=1.0)
def ping(base_url):
    with urllib.request.urlopen(base_url + "/health", timeout=1) as response:
        return response.status == 200
