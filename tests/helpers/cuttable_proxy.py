"""A loopback TCP proxy whose connections can be cut, and new ones refused, for a while: a
browser's connection to the app dropping (a laptop lid closed, Wi-Fi lost) and coming back."""

from __future__ import annotations

import asyncio
import threading

from helpers.appserver import free_port


class CuttableProxy:
    """Forwards 127.0.0.1:``port`` to 127.0.0.1:``target``. ``cut()`` closes every open connection
    and turns new ones away (closed at once) until ``restore()``."""

    def __init__(self, target: int):
        self.target = target
        self.port = free_port()
        self._accepting = True
        self._writers: set[asyncio.StreamWriter] = set()
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True, name="cuttable-proxy")
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the test proxy did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", self.port))
        ready.set()
        self._loop.run_forever()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self._accepting:
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target)
        except OSError:
            writer.close()
            return
        self._writers |= {writer, up_writer}
        try:
            await asyncio.gather(self._pipe(reader, up_writer), self._pipe(up_reader, writer))
        finally:
            self._writers -= {writer, up_writer}

    def _call(self, fn) -> None:
        done = threading.Event()

        def run() -> None:
            fn()
            done.set()

        self._loop.call_soon_threadsafe(run)
        done.wait(10)

    def cut(self) -> None:
        def close_all() -> None:
            self._accepting = False
            for writer in list(self._writers):
                writer.transport.abort()

        self._call(close_all)

    def restore(self) -> None:
        def accept() -> None:
            self._accepting = True

        self._call(accept)

    def close(self) -> None:
        self.cut()

        async def shutdown() -> None:
            self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()
