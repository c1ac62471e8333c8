"""pyexplain: explains advanced Python constructs where you read them.

The work is done by the ``pyexplain`` executable that this package's wheel installs next to the
interpreter (in the environment's scripts folder). This module only finds it, for
``python -m pyexplain`` and for tools that want to run it themselves.
"""

from __future__ import annotations

import os
import sys
import sysconfig

__all__ = ["find_pyexplain_bin"]


def find_pyexplain_bin() -> str:
    """Return the path of the ``pyexplain`` executable installed with this package.

    Looked for, in order: the scripts folder of this interpreter's environment (``pip install``,
    ``pipx``, ``uv tool install``, a virtual environment), the user scheme's scripts folder
    (``pip install --user``), and ``bin/`` next to the folder holding this package
    (``pip install --target DIR``). Raises ``FileNotFoundError`` naming the first place when it
    is in none of them.
    """
    executable = "pyexplain" + (sysconfig.get_config_var("EXE") or "")
    candidates = [os.path.join(sysconfig.get_path("scripts"), executable)]
    user_scheme = _user_scheme()
    if user_scheme is not None:
        try:
            candidates.append(os.path.join(sysconfig.get_path("scripts", scheme=user_scheme), executable))
        except KeyError:
            # An interpreter built without that scheme has no user installs to look at.
            pass
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    candidates.append(os.path.join(package_root, "bin", executable))
    for candidate in candidates:
        if os.path.isfile(candidate):
            return candidate
    raise FileNotFoundError(
        f"the pyexplain executable is not installed next to this Python package; looked in: {', '.join(candidates)}"
    )


def _user_scheme() -> str | None:
    # Python 3.10 names the scheme itself; older versions use the names it would return.
    if sys.version_info >= (3, 10):
        return sysconfig.get_preferred_scheme("user")
    if os.name == "nt":
        return "nt_user"
    if sys.platform == "darwin" and getattr(sys, "_framework", None):
        return "osx_framework_user"
    return "posix_user"
