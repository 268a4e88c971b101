"""A small TCP proxy on loopback that misbehaves on purpose, for sync tests.

Each accepted connection is forwarded to ``target`` and, with the given probabilities, is
delayed, reset before forwarding, cut after the request, or has its response truncated.
Everything is bounded: it only listens on 127.0.0.1, every socket has a timeout, and
``close()`` stops it. The random generator is seeded so a failing run can be replayed.
"""

from __future__ import annotations

import random
import socket
import threading
import time
from dataclasses import dataclass, field

TIMEOUT = 10.0


@dataclass
class Faults:
    delay: float = 0.0  # probability of a pause before forwarding
    delay_seconds: float = 0.2
    reset: float = 0.0  # probability of closing the client connection at once
    drop_response: float = 0.0  # the request reaches the server; no answer comes back
    truncate: float = 0.0  # only part of the response comes back
    seed: int = 1


@dataclass
class Stats:
    connections: int = 0
    delayed: int = 0
    reset: int = 0
    dropped: int = 0
    truncated: int = 0
    clean: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def count(self, what: str) -> None:
        with self.lock:
            setattr(self, what, getattr(self, what) + 1)


class FaultProxy:
    def __init__(self, target_port: int, faults: Faults):
        self.target = ("127.0.0.1", target_port)
        self.faults = faults
        self.random = random.Random(faults.seed)
        self.random_lock = threading.Lock()
        self.stats = Stats()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _roll(self, probability: float) -> bool:
        with self.random_lock:
            return self.random.random() < probability

    def _serve(self) -> None:
        while self.running:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._handle, args=(client,), daemon=True).start()

    def _handle(self, client: socket.socket) -> None:
        self.stats.count("connections")
        client.settimeout(TIMEOUT)
        try:
            if self._roll(self.faults.reset):
                self.stats.count("reset")
                client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00"
                                  b"\x00\x00\x00\x00")  # RST instead of FIN
                return
            if self._roll(self.faults.delay):
                self.stats.count("delayed")
                time.sleep(self.faults.delay_seconds)
            drop = self._roll(self.faults.drop_response)
            truncate = self._roll(self.faults.truncate)
            with socket.create_connection(self.target, timeout=TIMEOUT) as upstream:
                upstream.settimeout(TIMEOUT)
                pump = threading.Thread(target=self._pump, args=(client, upstream),
                                        daemon=True)
                pump.start()
                if drop:
                    # Let the request through, wait for the server to answer, answer nothing.
                    self.stats.count("dropped")
                    self._drain(upstream)
                    return
                self._relay_response(upstream, client, truncate)
        except OSError:
            return
        finally:
            # shutdown() first: the pump thread may be blocked reading this socket, and a
            # bare close() would not wake it (nor tell the client) until its read timed out.
            try:
                client.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            client.close()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while chunk := source.recv(65536):
                sink.sendall(chunk)
        except OSError:
            return

    def _drain(self, upstream: socket.socket) -> None:
        try:
            while upstream.recv(65536):
                pass
        except OSError:
            return

    def _relay_response(self, upstream: socket.socket, client: socket.socket,
                        truncate: bool) -> None:
        sent = 0
        cut_at = None
        while True:
            chunk = upstream.recv(65536)
            if not chunk:
                break
            if truncate and cut_at is None:
                cut_at = max(1, len(chunk) // 2)
            if cut_at is not None and sent + len(chunk) >= cut_at:
                client.sendall(chunk[: cut_at - sent])
                self.stats.count("truncated")
                return
            client.sendall(chunk)
            sent += len(chunk)
        self.stats.count("clean")

    def close(self) -> None:
        self.running = False
        self.listener.close()
        self.thread.join(timeout=2)
