"""Which wheels this interpreter can install: its ABI tag, and the tags pip matches.

A wheel's name ends in three tags, python-abi-platform, as in
demo-1.0-cp314-cp314t-manylinux_2_28_x86_64.whl. A free-threaded build has
an ABI tag of its own, with a "t" (cp314t): an extension module built for
the GIL build (cp314), or for the stable ABI (abi3), does not load there,
so pip passes over such wheels. The script prints this interpreter's ABI
tag and extension suffix, then its compatible tags, most preferred first,
from packaging.tags.sys_tags() (or, where the packaging library is not
installed, from `pip debug --verbose`; either runs in a child process, so
the script itself needs only the standard library), and checks four wheel
names against them. For a package with no matching wheel, pip takes the source
distribution and builds it, which needs a compiler.
"""

import subprocess
import sys
import sysconfig


def compatible_tags() -> tuple[str, list[str]]:
    """This interpreter's wheel tags, most preferred first, and their source:
    the packaging library if it is installed here, else pip, each asked in a
    child process, as you would from a shell."""
    ask = {
        "packaging.tags.sys_tags()": [
            "-c", "from packaging.tags import sys_tags; print(*sys_tags(), sep='\\n')"
        ],
        "pip debug --verbose": [
            "-m", "pip", "--disable-pip-version-check", "debug", "--verbose"
        ],
    }  # fmt: skip
    for source, arguments in ask.items():
        said = subprocess.run(
            [sys.executable, *arguments], capture_output=True, text=True, timeout=60
        )
        if said.returncode == 0 and source.startswith("pip"):
            listed = said.stdout.partition("Compatible tags:")[2].splitlines()[1:]
            return source, [line.strip() for line in listed if line[:2] == "  "]
        if said.returncode == 0:
            return source, said.stdout.split()
    return "neither the packaging library nor pip is installed here", []


def accepted(wheel: str, tags: set[str]) -> bool:
    """Whether one of the wheel's tags (a.b means a or b) is in ``tags``."""
    python, abi, platform = wheel.removesuffix(".whl").split("-")[-3:]
    return any(
        f"{p}-{a}-{pl}" in tags
        for p in python.split(".")
        for a in abi.split(".")
        for pl in platform.split(".")
    )


if __name__ == "__main__":
    free = bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
    build = "free-threaded" if free else "GIL"
    version = f"{sys.version_info.major}{sys.version_info.minor}"
    print(f"Python {sys.version.split()[0]}, {build} build")
    print(f"ABI tag: cp{version}{'t' if free else ''}")
    print(f"extension modules end in: {sysconfig.get_config_var('EXT_SUFFIX')}")
    source, tags = compatible_tags()
    if not tags:
        print(f"no list of compatible tags: {source}")
        sys.exit(0)
    print(f"compatible tags, from {source}: {len(tags)}, the first three:")
    for tag in tags[:3]:
        print(f"  {tag}")
    # a platform tag this machine accepts; PyPI's Linux wheels are manylinux
    platform = next((t for t in tags if "manylinux" in t), tags[0]).split("-")[2]
    abi = f"cp{version}-cp{version}"
    wheels = {
        "for the GIL build": f"demo-1.0-{abi}-{platform}.whl",
        "for the free-threaded build": f"demo-1.0-{abi}t-{platform}.whl",
        "for the stable ABI": f"demo-1.0-cp311-abi3-{platform}.whl",
        "pure Python": "demo-1.0-py3-none-any.whl",
    }
    print("would this interpreter install the wheel?")
    for kind, wheel in wheels.items():
        answer = "yes" if accepted(wheel, set(tags)) else "no"
        print(f"  {answer:<4} {kind:<28} {wheel}")
