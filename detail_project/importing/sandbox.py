"""Parse an upload in a child process with a hard time and memory limit.

The streaming readers (`rab_xlsx`, `rab_csv`) already refuse on shape long before a file can
cost seconds; this is the backstop for whatever they did not foresee. A web worker that parses
a hostile file itself is held until gunicorn kills it (the client gets a 500, four such uploads
made the whole site unresponsive). Here the worker only waits, at most
`RAB_IMPORT_PARSE_SECONDS`, for a child that cannot use more than that much CPU time or
`RAB_IMPORT_PARSE_MEMORY_MB` of memory; a child that runs over is killed and the planner is told
that the file is too complex to read.

Children are forked from a small server process (multiprocessing's "forkserver") that loaded
Django once: a child starts in a few milliseconds, and the web worker itself is never forked
(forking a process that runs threads, as a web worker may, can deadlock the child). Each web
worker has its own server, started when the worker boots (`warm_up`, from gunicorn.conf.py).
The server runs the main script again under another name, as multiprocessing does: `manage.py`,
gunicorn and pytest guard theirs with `if __name__ == "__main__"`, and so must any script that
imports a RAB through this module.
"""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import signal
import threading
from decimal import Decimal
from multiprocessing.connection import Connection
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

from detail_project.importing.rab_parse import ParsedRab, file_error
from detail_project.money import format_number

logger = logging.getLogger(__name__)

_CONTEXT_LOCK = threading.Lock()
_context: Any = None


def _start_method() -> str:
    methods = multiprocessing.get_all_start_methods()
    return "forkserver" if "forkserver" in methods else "spawn"


def _mp_context() -> Any:
    """One multiprocessing context per web worker; its fork server starts with the first upload
    and has Django loaded (`sandbox_child` sets it up on import)."""
    global _context
    with _CONTEXT_LOCK:
        if _context is None:
            context = multiprocessing.get_context(_start_method())
            if context.get_start_method() == "forkserver":
                context.set_forkserver_preload(["detail_project.importing.sandbox_child"])
            _context = context
        return _context


def warm_up() -> None:
    """Start the fork server now (a web worker calls this when it boots): the first upload then
    does not wait the second it takes to load Django in it. Only where children are forked from
    a server (Linux, macOS); elsewhere a child starts afresh anyway."""
    context = _mp_context()
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def too_complex_message(seconds: int) -> str:
    return ngettext(
        "The file cannot be imported: reading it took longer than %(seconds)s second, far "
        "longer than any RAB needs. Copy the RAB's columns into a new workbook, save it as .xlsx "
        "or .csv and import that.",
        "The file cannot be imported: reading it took longer than %(seconds)s seconds, far "
        "longer than any RAB needs. Copy the RAB's columns into a new workbook, save it as .xlsx "
        "or .csv and import that.",
        seconds,
    ) % {"seconds": format_number(Decimal(seconds), 0)}


def too_much_memory_message() -> str:
    return gettext(
        "The file cannot be imported: reading it needs more memory than any RAB needs. Copy the "
        "RAB's columns into a new workbook, save it as .xlsx or .csv and import that."
    )


def unreadable_message() -> str:
    return gettext(
        "The file cannot be imported: it could not be read. Open it in Excel, save it again as "
        ".xlsx or .csv and import that."
    )


def parse_rab_file_bounded(data: bytes, *, max_bytes: int | None = None) -> ParsedRab:
    """`importing.parse_rab_file` in a child process, bounded in time and memory.

    The answer is the same `ParsedRab` (messages in the active language); a child that runs out
    of time or memory, or dies, gives a ParsedRab that refuses the file with a clear message.
    """
    outcome = run_bounded(PARSE_TARGET, data, max_bytes=max_bytes)
    if not isinstance(outcome, Refused):
        return outcome
    if outcome.reason == "died":  # a bug, not the file's fault: say so where it is seen
        logger.error("RAB import parse failed (%d bytes): %s", len(data), outcome.detail)
        return file_error(unreadable_message())
    logger.warning("RAB import parse refused: out of %s (%d bytes)", outcome.reason, len(data))
    if outcome.reason == "memory":
        return file_error(too_much_memory_message())
    return file_error(too_complex_message(settings.RAB_IMPORT_PARSE_SECONDS))


PARSE_TARGET = "detail_project.importing:parse_rab_file"


class Refused:
    """Why a bounded call gave no answer: "time", "memory" or "died" (with what it said)."""

    __slots__ = ("reason", "detail")

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail

    def __repr__(self) -> str:
        return f"Refused({self.reason!r}, {self.detail!r})"


def run_bounded(target: str, *args: Any, **kwargs: Any) -> Any:
    """Call `target` ("package.module:function") in a child process limited to
    RAB_IMPORT_PARSE_SECONDS of CPU and wall time and RAB_IMPORT_PARSE_MEMORY_MB of memory,
    in the active language; its return value, or a `Refused`.

    Arguments and the result travel pickled; the target must be importable by name."""
    seconds = settings.RAB_IMPORT_PARSE_SECONDS
    memory = settings.RAB_IMPORT_PARSE_MEMORY_MB * 1024 * 1024
    language = translation.get_language() or settings.LANGUAGE_CODE
    context = _mp_context()
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(
        target=_child_main,
        args=(sender, target, args, kwargs, language, seconds, memory),
        daemon=True,
        name="jadwal-bounded",
    )
    child.start()
    sender.close()
    try:
        return _receive(receiver, child, seconds)
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join(timeout=5)


def _receive(receiver: Connection, child: Any, seconds: int) -> Any:
    # Wall time: the CPU limit alone would let a child that waits on nothing live forever.
    if not receiver.poll(seconds + 1):
        return Refused("time")
    try:
        kind, value = receiver.recv()
    except (EOFError, OSError):
        child.join(timeout=1)
        # SIGXCPU (the CPU limit) or SIGKILL; anything else is a crash.
        if child.exitcode in (-signal.SIGXCPU, -signal.SIGKILL):
            return Refused("time")
        return Refused("died", f"exit code {child.exitcode}")
    if kind == "ok":
        return value
    return Refused(kind, value or "")


def _child_main(
    sender: Connection,
    target: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    language: str,
    seconds: int,
    memory: int,
) -> None:
    """In the child: limit ourselves, call, send ("ok", value) or ("memory" / "died", why)."""
    _limit_resources(seconds=seconds, memory=memory)
    try:
        import django

        if not _apps_ready():
            django.setup()
        module_name, _, function_name = target.partition(":")
        function = getattr(importlib.import_module(module_name), function_name)
        with translation.override(language):
            value = function(*args, **kwargs)
        sender.send(("ok", value))
    except MemoryError:
        sender.send(("memory", ""))
    except BaseException as exc:  # noqa: BLE001 - reported; the parent decides what to say
        sender.send(("died", f"{type(exc).__name__}: {exc}"))
    finally:
        sender.close()


def _apps_ready() -> bool:
    from django.apps import apps

    return apps.ready


def _limit_resources(*, seconds: int, memory: int) -> None:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on Windows; the parent's wall clock still holds
        return
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    # Address space: what the child already maps (Python and Django) plus the allowance.
    current = _mapped_bytes()
    resource.setrlimit(resource.RLIMIT_AS, (current + memory, current + memory))


def _mapped_bytes() -> int:
    try:
        with open(f"/proc/{os.getpid()}/statm") as statm:
            pages = int(statm.read().split()[0])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):  # pragma: no cover - not Linux
        return 512 * 1024 * 1024
