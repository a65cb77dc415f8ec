# /// script
# requires-python = ">=3.11"
# dependencies = ['uvloop; sys_platform != "win32"']
# ///
"""uvloop.install() is on its way out with asyncio's policies; uvloop.run() is not.

`uvloop.install()` installs an event loop policy, so that a later
`asyncio.run()` uses uvloop's loop. uvloop deprecates it from Python 3.12
on, asyncio deprecates policies from 3.14 on, and on 3.16 the function is
gone. `uvloop.run(main())`, or `asyncio.run(main(),
loop_factory=uvloop.new_event_loop)` (3.12+), picks the loop for one run
and touches no global state. The example records the warnings instead of
letting them reach stderr. Look at the output: the same loop three ways,
and the warnings each way raised. uvloop has no build for Windows: there
the script says so and stops.
"""

import asyncio
import sys
import warnings
from collections.abc import Callable

try:
    import uvloop
except ImportError:
    uvloop = None


async def main() -> str:
    return type(asyncio.get_running_loop()).__module__


def show(title: str, run: Callable[[], str]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        print(f"{title}: ran on a loop from {run()}, {len(caught)} warnings")
    for warning in caught:
        print(f"  {warning.category.__name__}: {warning.message}")


def installed() -> str:
    uvloop.install()  # AttributeError on Python 3.16+
    try:
        return asyncio.run(main())
    finally:
        asyncio.set_event_loop_policy(None)  # undo it: back to asyncio's loop


if __name__ == "__main__":
    if uvloop is None:
        here = f"Python {sys.version.split()[0]} on {sys.platform}"
        print(f"uvloop cannot be imported here ({here}): nothing to show.")
        print("Install it with `pip install uvloop`; it has no build for Windows.")
        sys.exit(0)
    print(f"Python {sys.version.split()[0]}, uvloop {uvloop.__version__}")
    if sys.version_info < (3, 16):
        show("uvloop.install(), then asyncio.run(main())", installed)
    show("uvloop.run(main())", lambda: uvloop.run(main()))
    if sys.version_info >= (3, 12):
        show(
            "asyncio.run(main(), loop_factory=uvloop.new_event_loop)",
            lambda: asyncio.run(main(), loop_factory=uvloop.new_event_loop),
        )
