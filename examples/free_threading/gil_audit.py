"""Which installed extension modules would turn the GIL back on?

A C extension says it can run without the GIL with the Py_mod_gil slot. On
a free-threaded build, importing one that does not say so turns the GIL on
for the whole process, with a RuntimeWarning that names it. The script
finds every extension module that the installed distributions ship, and
those of the standard library. On a free-threaded build it then imports
each one in a fresh interpreter, so that one module's switch cannot hide
another's, and reports the GIL's state after the import and the module the
warning named. A GIL build cannot tell: there, the list shows which
dependencies need a wheel for the free-threaded build (cp314t).
"""

import csv
import importlib.machinery
import importlib.metadata
import importlib.util
import os
import subprocess
import sys
import sysconfig
import textwrap
from concurrent.futures import ThreadPoolExecutor

SUFFIXES = sorted(importlib.machinery.EXTENSION_SUFFIXES, key=len, reverse=True)
PROBE = """import importlib, sys, warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    importlib.import_module(sys.argv[1])
named = [str(w.message).split("'")[1] for w in caught if "(GIL)" in str(w.message)]
print("on" if sys._is_gil_enabled() else "off", *named)
"""


def module_name(path: str) -> str | None:
    """'pkg/_speedups.cpython-314t-x86_64-linux-gnu.so' -> 'pkg._speedups'."""
    suffix = next((s for s in SUFFIXES if path.endswith(s)), None)
    parts = path.removesuffix(suffix).split("/") if suffix else []
    return ".".join(parts) if parts and all(p.isidentifier() for p in parts) else None


def extension_modules() -> dict[str, list[str]]:
    """Distribution name (or 'the standard library') -> its extension modules."""
    found: dict[str, list[str]] = {}
    for dist in importlib.metadata.distributions():
        record = csv.reader((dist.read_text("RECORD") or "").splitlines())
        names = {name for row in record if row and (name := module_name(row[0]))}
        if names:
            found[dist.metadata["Name"]] = sorted(names)
    stdlib = [
        name
        for name in sorted(sys.stdlib_module_names)
        if (spec := importlib.util.find_spec(name)) and spec.origin
        if any(spec.origin.endswith(s) for s in SUFFIXES)
    ]
    return {**dict(sorted(found.items())), "the standard library": stdlib}


def gil_after_import(module: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "PYTHON_GIL"}
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, module],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    if probe.returncode != 0:
        return "fails to import: " + (probe.stderr.strip().splitlines() or ["?"])[-1]
    state, *named = probe.stdout.split()
    if named:
        return f"turns the GIL on (the warning names {named[0]})"
    return "off" if state == "off" else "the GIL is on, with no warning"


if __name__ == "__main__":
    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    build = "yes" if free else "no"
    print(f"Python {sys.version.split()[0]}, free-threaded build: {build}")
    found = extension_modules()
    installed = len(list(importlib.metadata.distributions()))
    print(f"extension modules, in {len(found) - 1} of {installed} installed")
    print("distributions and in the standard library:")
    counts = ", ".join(f"{owner} ({len(modules)})" for owner, modules in found.items())
    print(textwrap.fill(counts, 80, initial_indent="  ", subsequent_indent="  "))
    if not free:
        print("A GIL build keeps the GIL on whatever it imports: run this script with")
        print("python3.14t, in an environment with the same requirements, to check.")
        sys.exit(0)
    print("importing each in a fresh interpreter:")
    with ThreadPoolExecutor(4) as pool:
        for owner, modules in found.items():
            verdicts = list(pool.map(gil_after_import, modules))
            off = verdicts.count("off")
            print(f"  {owner}: {off} of {len(verdicts)} keep the GIL off")
            for module, verdict in zip(modules, verdicts, strict=True):
                if verdict != "off":
                    print("    " + textwrap.shorten(f"{module}: {verdict}", 96))
