"""`asyncio.get_event_loop()` with no running loop: a warning, then an error.

Code written for old Pythons gets a loop with `asyncio.get_event_loop()` at
the top level and runs it. With no loop running and none set, 3.11 quietly
creates one, 3.12 and 3.13 still create one but warn that they will stop,
and 3.14 raises RuntimeError instead. The output shows what this Python
does, then the two replacements that work everywhere: `asyncio.run()` from
synchronous code, and `asyncio.get_running_loop()` inside a coroutine.
"""

import asyncio
import warnings


async def main() -> str:
    loop = asyncio.get_running_loop()  # inside a coroutine: the loop running it
    return f"ran on {type(loop).__name__}"


if __name__ == "__main__":
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # show each warning, once, on stdout
        try:
            loop = asyncio.get_event_loop()
        except RuntimeError as error:
            print(f"get_event_loop() raised RuntimeError: {error}")
        else:
            print(f"get_event_loop() returned a new {type(loop).__name__}")
            print(f"loop.run_until_complete(main()): {loop.run_until_complete(main())}")
            loop.close()
            asyncio.set_event_loop(None)
    for warning in caught:
        print(f"{warning.category.__name__}: {warning.message}")
    if not caught:
        print("no warning")
    print(f"asyncio.run(main()): {asyncio.run(main())}")
