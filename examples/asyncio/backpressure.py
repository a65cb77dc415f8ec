"""Stream back-pressure: await writer.drain(), or the buffer grows unbounded.

StreamWriter.write() never blocks: it puts the bytes in the transport's
buffer and returns. If the peer reads slower than you write, that buffer
grows with everything not yet sent. `await writer.drain()` waits while the
buffer is above its high-water mark, so the writer slows to the reader's
pace. The server below, on 127.0.0.1, reads CHUNK bytes at a time with a
pause between reads (the sockets' kernel buffers are made small, so the
backlog shows in Python). The client writes BLOCKS blocks to it, first
without drain(), then with it. Look at the largest buffer each one
reached, and how long the loop of writes took: without drain() it finishes
at once, and the data waits in memory.
"""

import asyncio
import socket

BLOCKS = 100
BLOCK = b"x" * 16_384
CHUNK = 16_384
KERNEL_BUFFER = 32_768


async def send(port: int, drain: bool) -> tuple[int, float]:
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    sock = writer.get_extra_info("socket")
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, KERNEL_BUFFER)
    loop = asyncio.get_running_loop()
    start, largest = loop.time(), 0
    for _ in range(BLOCKS):
        writer.write(BLOCK)
        largest = max(largest, writer.transport.get_write_buffer_size())
        if drain:
            await writer.drain()
        else:
            await asyncio.sleep(0)  # let the loop send what it can
    looped = loop.time() - start  # how long the writing code was held up
    await writer.drain()  # everything out before closing
    writer.close()
    await writer.wait_closed()
    return largest, looped


async def main() -> None:
    finished = asyncio.Queue[int]()

    async def slow_reader(
        reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        received = 0
        while data := await reader.read(CHUNK):
            received += len(data)
            await asyncio.sleep(0.002)  # a slow consumer
        writer.close()
        await writer.wait_closed()
        await finished.put(received)

    listener = socket.create_server(("127.0.0.1", 0))
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, KERNEL_BUFFER)
    server = await asyncio.start_server(slow_reader, sock=listener)
    async with server:
        print(f"{BLOCKS} blocks of {len(BLOCK) // 1024} KiB to a slow reader")
        for drain in (False, True):
            largest, seconds = await send(server.sockets[0].getsockname()[1], drain)
            received = await finished.get()  # the reader saw it all
            name = "with drain()" if drain else "no drain()"
            print(
                f"{name:<13} largest write buffer {largest // 1024:>5} KiB, "
                f"{received // 1024} KiB received, the write loop took {seconds:.2f} s"
            )


if __name__ == "__main__":
    asyncio.run(main())
