"""An extension module that has not declared free-threading support.

On a free-threaded build, importing a C extension that does not say it can
run without the GIL turns the GIL back on for the whole process, for good,
with a RuntimeWarning that names the module. CPython's own test module
_testsinglephase is written the old way (single-phase init, no declaration),
so it stands in here for any such third-party extension. The script shows
the switch, how to find which import caused it (-W error::RuntimeWarning
turns the warning into a traceback at the import), and PYTHON_GIL=0, which
keeps the GIL off at your own risk.
"""

import os
import subprocess
import sys
import sysconfig
import warnings

OLD_STYLE = "_testsinglephase"
REPORT = "import sys; print('GIL enabled after the import:', sys._is_gil_enabled())"


def run(code: str, *options: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *options, "-c", code],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=30,
    )


if __name__ == "__main__":
    version = ".".join(map(str, sys.version_info[:3]))
    if not sysconfig.get_config_var("Py_GIL_DISABLED"):
        print(f"Python {version} is a GIL build: the GIL is always on,")
        print("so no import can turn it back on. Run this on python3.14t.")
        sys.exit(0)
    print(f"Python {version}, free-threaded build")
    print(f"GIL enabled before the import: {sys._is_gil_enabled()}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            __import__(OLD_STYLE)
        except ImportError as error:
            print(f"{error}: this installation has no CPython test modules")
            sys.exit(0)
    for warning in caught:
        print(f"{warning.category.__name__}: {warning.message}")
    print(f"GIL enabled after the import: {sys._is_gil_enabled()}")

    print("\nFinding the import: python -W error::RuntimeWarning ...")
    found = run(f"import {OLD_STYLE}", "-W", "error::RuntimeWarning")
    print(f"  exit status {found.returncode}; the traceback ends with:")
    for line in found.stderr.strip().splitlines()[-3:]:
        print(f"  | {line[:100]}")

    print("\nKeeping it off: PYTHON_GIL=0")
    kept = run(f"import {OLD_STYLE}; {REPORT}", PYTHON_GIL="0")
    print(f"  {kept.stdout.strip()} (warnings: {kept.stderr.count('Warning')})")
