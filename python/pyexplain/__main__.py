"""``python -m pyexplain ARGS``: runs the installed ``pyexplain`` executable with ARGS."""

from __future__ import annotations

import os
import sys

from pyexplain import find_pyexplain_bin


def main() -> int:
    try:
        executable = os.fsdecode(find_pyexplain_bin())
    except FileNotFoundError as error:
        print(f"pyexplain: {error}", file=sys.stderr)
        return 2
    arguments = [executable, *sys.argv[1:]]
    if sys.platform == "win32":
        # Windows has no exec that keeps the process: run it as a child and pass its exit code on.
        import subprocess

        return subprocess.run(arguments).returncode
    # Replacing this process keeps stdin and stdout the server's own, as an editor starting
    # `python -m pyexplain` as a language server expects, and signals reach it directly.
    os.execvp(executable, arguments)


if __name__ == "__main__":
    sys.exit(main())
