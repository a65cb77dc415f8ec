"""Pick the event loop with loop_factory, not a policy (deprecated in 3.14).

`MyLoop` stands for another event loop class, such as uvloop's. The old
way to have `asyncio.run()` use it is an event loop policy: subclass
`asyncio.DefaultEventLoopPolicy` and install it with
`asyncio.set_event_loop_policy()`, which is what `uvloop.install()` does.
Python 3.14 deprecates the whole policy system, and 3.16 removes it. The
replacement names the loop where it runs: `asyncio.run(main(),
loop_factory=MyLoop)` from 3.12 on, `asyncio.Runner(loop_factory=MyLoop)`
on 3.11. The example records the warnings instead of letting them reach
stderr. Look at the output: the same loop both ways, and which way warns.
"""

import asyncio
import sys
import warnings
from collections.abc import Callable


class MyLoop(asyncio.SelectorEventLoop):
    """Another event loop class: uvloop.Loop, or one of your own."""


async def main() -> str:
    return type(asyncio.get_running_loop()).__name__


def with_policy() -> None:
    if not hasattr(asyncio, "set_event_loop_policy"):  # Python 3.16+
        print("  no event loop policies in this Python")
        return
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")

        class MyPolicy(asyncio.DefaultEventLoopPolicy):
            def new_event_loop(self) -> asyncio.AbstractEventLoop:
                return MyLoop()

        asyncio.set_event_loop_policy(MyPolicy())
        print(f"  asyncio.run(main()) ran on {asyncio.run(main())}")
        asyncio.set_event_loop_policy(None)  # back to the default policy
    for warning in caught:
        print(f"  {warning.category.__name__}: {warning.message}")
    print(f"  warnings: {len(caught)}")


def with_loop_factory(factory: Callable[[], asyncio.AbstractEventLoop]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if sys.version_info >= (3, 12):
            loop = asyncio.run(main(), loop_factory=factory)
            print(f"  asyncio.run(main(), loop_factory=MyLoop) ran on {loop}")
        else:
            with asyncio.Runner(loop_factory=factory) as runner:
                loop = runner.run(main())
            print(f"  asyncio.Runner(loop_factory=MyLoop) ran on {loop}")
    print(f"  warnings: {len(caught)}")


if __name__ == "__main__":
    print(f"Python {sys.version.split()[0]}")
    print("with an event loop policy:")
    with_policy()
    print("with a loop factory:")
    with_loop_factory(MyLoop)
