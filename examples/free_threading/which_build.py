"""Which build is this, and is the GIL on right now?

Two different questions. The *build* is fixed when CPython is compiled:
sysconfig's Py_GIL_DISABLED is 1 on a free-threaded build (python3.14t).
The *runtime state* can change: sys._is_gil_enabled() says whether the GIL
is on at this moment. A free-threaded build starts with it off, and turns it
on when told to (PYTHON_GIL=1 or -X gil=1) or when it imports an extension
that has not declared it can run without it. The script prints both, then
starts itself a few times with each setting to show what they do here.
"""

import os
import subprocess
import sys
import sysconfig

PROBE = (  # what a fresh interpreter says; before 3.13 the GIL is always on
    "import sys; print('yes' if getattr(sys, '_is_gil_enabled', lambda: 1)() else 'no')"
)
SETTINGS = {
    "(nothing set)": ([], {}),
    "PYTHON_GIL=1": ([], {"PYTHON_GIL": "1"}),
    "PYTHON_GIL=0": ([], {"PYTHON_GIL": "0"}),
    "-X gil=0": (["-X", "gil=0"], {}),
}


def describe() -> str:
    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    if hasattr(sys, "_is_gil_enabled"):  # new in 3.13
        gil = "yes" if sys._is_gil_enabled() else "no"
    else:
        gil = "yes (no sys._is_gil_enabled before 3.13)"
    version = ".".join(map(str, sys.version_info[:3]))
    build = "yes" if free else "no"
    return f"Python {version}, free-threaded build: {build}, GIL enabled: {gil}"


def child(options: list[str], extra: dict[str, str]) -> str:
    """What a fresh interpreter started with these options reports."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHON_GIL"}
    result = subprocess.run(
        [sys.executable, *options, "-c", PROBE],
        env={**env, **extra},
        capture_output=True,
        text=True,
        timeout=30,
    )
    if result.returncode == 0:
        return f"GIL enabled: {result.stdout.strip()}"
    first_error = result.stderr.strip().splitlines()[0]
    return f"exit {result.returncode}: {first_error}"


if __name__ == "__main__":
    print(describe())
    flag = sysconfig.get_config_var("Py_GIL_DISABLED")
    print(f"sysconfig Py_GIL_DISABLED = {flag!r}")
    print("A fresh interpreter started with:")
    for name, (options, extra) in SETTINGS.items():
        print(f"  {name:<14} {child(options, extra)}")
