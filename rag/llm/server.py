"""A local OpenAI-compatible LLM server: llama.cpp (via ``xllamacpp``) serving the bundled GGUF model.

``xllamacpp.Server`` runs llama.cpp's HTTP server inside the Python process and has no stop
method: it stops when the object is destroyed. So the server runs in a child process
(``python -m rag.llm.server``) that the parent starts, polls on ``/health`` and terminates.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO

from rag.errors import LocalLLMError
from rag.llm.local_model import INSTALL_HINT, MODEL_ALIAS, ensure_local_model
from rag.util import Log, log_stderr

HOST = "127.0.0.1"
DEFAULT_PORT = 8080
DEFAULT_CTX = 4096


def default_threads() -> int:
    """All cores, capped: llama.cpp gains little past ~8 threads on CPU and then contends for memory."""
    return max(1, min(os.cpu_count() or 1, 8))


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def port_is_free(port: int) -> bool:
    """Whether a server could listen on ``port`` now (checked here: llama.cpp only logs a failed bind)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # So that connections left by a just-stopped server (TIME_WAIT) do not count as "in use".
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((HOST, port))
        except OSError:
            return False
        return True


def health_ok(root_url: str, timeout: float = 2.0) -> bool:
    """Whether ``GET /health`` says the model is loaded (llama.cpp answers 503 while loading)."""
    try:
        with urllib.request.urlopen(f"{root_url}/health", timeout=timeout) as resp:
            body = json.loads(resp.read())
    except (OSError, ValueError):  # refused, reset, 503 (HTTPError), timeout, not JSON
        return False
    return isinstance(body, dict) and body.get("status") == "ok"


class LocalLLMServer:
    """The bundled model served on ``127.0.0.1`` by a child process; use as a context manager."""

    model = MODEL_ALIAS

    def __init__(
        self,
        cache_dir: Path,
        *,
        port: int | None = None,
        threads: int | None = None,
        n_ctx: int = DEFAULT_CTX,
        log_path: Path | None = None,
        log: Log = log_stderr,
    ) -> None:
        self.cache_dir = cache_dir
        self.port = port or free_port()
        self.threads = threads or default_threads()
        self.n_ctx = n_ctx
        # llama.cpp's own log (it is verbose), kept for when the server fails.
        self.log_path = log_path or cache_dir / "logs" / f"llm-server-{self.port}.log"
        self._log = log
        self._proc: subprocess.Popen[bytes] | None = None
        self._log_fh: IO[bytes] | None = None

    @property
    def root_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def base_url(self) -> str:
        """What to give an OpenAI client (``OPENAI_BASE_URL``)."""
        return f"{self.root_url}/v1"

    def start(self, timeout: float = 180.0) -> None:
        """Assemble the model if needed, start the child process and wait until it serves."""
        if self.running:
            return
        if importlib.util.find_spec("xllamacpp") is None:
            raise LocalLLMError(f"The local LLM server needs xllamacpp: run `{INSTALL_HINT}` in the project folder.")
        model_path = ensure_local_model(self.cache_dir, self._log)
        if not port_is_free(self.port):
            raise LocalLLMError(f"Port {self.port} is already in use: stop what uses it or choose another --port.")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log_fh = self.log_path.open("wb")
        cmd = [sys.executable, "-m", "rag.llm.server", "--model", str(model_path), "--port", str(self.port)]
        cmd += ["--threads", str(self.threads), "--ctx", str(self.n_ctx)]
        # A new session: Ctrl-C reaches only the parent, which then stops the child cleanly.
        self._proc = subprocess.Popen(
            cmd, stdin=subprocess.DEVNULL, stdout=self._log_fh, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.wait_ready(timeout)

    def wait_ready(self, timeout: float) -> None:
        """Poll ``/health`` until the model is loaded; stop the child and raise if it dies or is too slow."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                code = None if self._proc is None else self._proc.returncode
                self.stop()
                raise LocalLLMError(
                    f"The local LLM server exited (code {code}) while starting:\n{self._log_tail()}\n"
                    f"Full log: {self.log_path}"
                )
            if health_ok(self.root_url):
                return
            time.sleep(0.25)
        self.stop()
        raise LocalLLMError(
            f"The local LLM server did not become ready within {timeout:.0f} s (busy CPU?). "
            f"Retry with fewer other jobs running; log: {self.log_path}"
        )

    def _log_tail(self, lines: int = 6) -> str:
        """llama.cpp's error lines (level ``E``) from the log, else its last lines."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        all_lines = text.strip().splitlines()
        errors = [line for line in all_lines if " E " in line[:20] or line.startswith("error:")]
        return "\n".join((errors or all_lines)[-lines:])

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def wait(self) -> int:
        """Block until the child exits (it runs until stopped); its exit code."""
        if self._proc is None:
            return 0
        return self._proc.wait()

    def stop(self, timeout: float = 15.0) -> None:
        """Terminate the child (SIGTERM lets llama.cpp shut down cleanly; SIGKILL if it hangs)."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        if self._log_fh is not None:
            self._log_fh.close()
            self._log_fh = None

    def __enter__(self) -> LocalLLMServer:
        self.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def serve(model_path: Path, *, port: int, threads: int, n_ctx: int) -> None:
    """Serve in this process until SIGTERM/SIGINT or until the parent process goes away."""
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = str(model_path)
    params.model_alias = {MODEL_ALIAS}  # xllamacpp wants a set here
    params.hostnames = [HOST]
    params.port = port
    params.n_ctx = n_ctx
    params.n_parallel = 1  # one slot: the whole context for one request; 2 cores gain nothing from batching
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads

    stop = threading.Event()

    def on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    parent = os.getppid()
    try:
        server = xllamacpp.Server(params)  # loads the model; HTTP answers 503 until then
    except RuntimeError as exc:  # the reason is in llama.cpp's log lines above; no traceback
        sys.exit(f"error: {exc}")
    # Orphaned (parent killed without stopping us): exit rather than hold ~2 GB forever.
    while not stop.wait(1.0) and os.getppid() == parent:
        pass
    del server  # its destructor stops llama.cpp's HTTP loop and frees the model


def main(argv: list[str] | None = None) -> None:
    """Child-process entry point: ``python -m rag.llm.server --port P --threads N``."""
    parser = argparse.ArgumentParser(prog="python -m rag.llm.server", description=main.__doc__)
    parser.add_argument("--model", type=Path, help="GGUF file (default: the bundled model, assembled if needed)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--threads", type=int, default=default_threads())
    parser.add_argument("--ctx", type=int, default=DEFAULT_CTX)
    args = parser.parse_args(argv)
    model = args.model
    if model is None:
        from rag.config import Settings

        model = ensure_local_model(Settings.from_env().cache_dir)
    serve(model, port=args.port, threads=args.threads, n_ctx=args.ctx)


if __name__ == "__main__":
    main()
