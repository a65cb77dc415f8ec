"""An extension module that has not declared free-threading support.

On a free-threaded build, loading a C extension that does not say it can
run without the GIL turns the GIL back on for the whole process, for good,
with a RuntimeWarning that names the module. CPython's test library
_testsinglephase holds such a module: its init function
_testsinglephase_check_cache_first declares nothing, so LOAD loads that one
from the library file. It stands in for any third-party extension written
the old way. The script shows the switch, how to find which import did it
(-W error::RuntimeWarning turns the warning into a traceback at the import),
and PYTHON_GIL=0, which keeps the GIL off at your own risk.
"""

import importlib.util
import os
import subprocess
import sys
import sysconfig
import warnings

LOAD = (
    "import importlib.util as u; "
    "origin = u.find_spec('_testsinglephase').origin; "
    "u.module_from_spec(u.spec_from_file_location("
    "'_testsinglephase_check_cache_first', origin))"
)
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
    if importlib.util.find_spec("_testsinglephase") is None:
        print("this installation has no CPython test modules (_testsinglephase)")
        sys.exit(0)
    print(f"GIL enabled before the import: {sys._is_gil_enabled()}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(LOAD)  # the same code the child processes below run
    for warning in caught:
        print(f"{warning.category.__name__}: {warning.message}")
    print(f"GIL enabled after the import: {sys._is_gil_enabled()}")
    if not caught:
        print("no warning: this module declares free-threading support here")

    print("\nFinding the import: python -W error::RuntimeWarning ...")
    found = run(LOAD, "-W", "error::RuntimeWarning")
    print(f"  exit status {found.returncode}; the traceback ends with:")
    for line in found.stderr.strip().splitlines()[-3:]:
        print(f"  | {line[:100]}")

    print("\nKeeping it off: PYTHON_GIL=0")
    kept = run(f"{LOAD}; {REPORT}", PYTHON_GIL="0")
    print(f"  {kept.stdout.strip()} (warnings: {kept.stderr.count('Warning')})")
