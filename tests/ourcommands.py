"""The project's commands (`gongkai`, `mkdocs`) as the tests run them: in a forked child of the test
process, not a new interpreter.

A test ran ~350 commands as subprocesses, each paying for a fresh interpreter importing MkDocs,
Material and gongkai (0.2 s of CPU of a tiny build's 0.5 s). The test process imports them once; a
fork of it runs the command's own entry point (the console script's) with the same arguments,
working folder, environment, standard input and output as the subprocess had, and exits with its
exit code. What the command changes in its memory dies with the child, as with a subprocess.

Where the real console script matters, the tests still start it (tests/test_cli_help.py, the
engines' comparison, the terminal's progress line), and so does a command given a variable Python
reads as it starts (PYTHONHASHSEED: every fork of a test process shares its hash seed, so a test
comparing two builds for byte-identity gives each its own); GONGKAI_TESTS_FORK=0 starts every
command, to compare.
"""

from __future__ import annotations

import atexit
import builtins
import faulthandler
import importlib.util
import io
import json
import logging
import multiprocessing.forkserver
import multiprocessing.process
import multiprocessing.util
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import types
import warnings
import weakref
from importlib.metadata import entry_points
from pathlib import Path

#: The console scripts run in a fork: their entry points, loaded (imported) once here.
_ENTRIES = {ep.name: ep.load() for ep in entry_points(group="console_scripts") if ep.name in ("gongkai", "mkdocs")}
#: What `gongkai import` imports only as it runs (the .docx and .pdf readers): imported once here as
#: well, so that each fork does not import them again (tests/test_import.py: 21.4 -> 16.9 s of CPU).
#: A build's own lazy imports gave no gain beyond the noise and are left to the forks.
for _name in ("pypdf", "mammoth", "markdownify", "bs4"):
    importlib.import_module(_name)
#: A new interpreter's module search path and warnings filters (the test process's path has the
#: tests' folders and what tests put first, its filters pytest's): a console script's path starts
#: with its own folder. What is found on the path counts (the build cache's key digests the
#: installed distributions).
_FRESH = json.loads(
    subprocess.run(
        [sys.executable, "-c", "import json, sys, warnings; print(json.dumps([sys.path[1:], [(a, m and m.pattern, "
         "c.__name__, getattr(mod, 'pattern', mod), n) for a, m, c, mod, n in warnings.filters]]))"],
        capture_output=True, text=True, check=True,
    ).stdout
)  # fmt: skip
#: Python's own printer of warnings (pytest records them instead while a test runs).
_WARNINGS_COPY = importlib.util.module_from_spec(importlib.util.find_spec("warnings"))
importlib.util.find_spec("warnings").loader.exec_module(_WARNINGS_COPY)


def run(
    args: list[str],
    *,
    cwd: Path | str | None = None,
    env: dict[str, str] | None = None,
    input: str | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess:
    """`subprocess.run(args, capture_output=True, text=True, ...)`, the command run in a fork when it
    is one of ours."""
    entry = _ENTRIES.get(Path(args[0]).name)
    # What a new interpreter reads as it starts (PYTHONHASHSEED: a test that builds twice to compare
    # sets two) cannot be given to a fork.
    startup = any(k.startswith("PYTHON") and os.environ.get(k) != v for k, v in (env or {}).items())
    if entry is None or startup or os.environ.get("GONGKAI_TESTS_FORK") == "0" or not hasattr(os, "pidfd_open"):
        return subprocess.run(
            args, cwd=cwd, env=env, input=input, timeout=timeout, capture_output=True, text=True
        )  # fmt: skip
    if cwd is not None and not Path(cwd).is_dir():
        raise FileNotFoundError(2, "No such file or directory", str(cwd))  # as subprocess says it
    with tempfile.TemporaryFile() as stdin, tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        if input is not None:
            stdin.write(input.encode("utf-8"))
            stdin.seek(0)
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # else the child writes the test process's buffered text again
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 1
            try:
                code = _child(entry, args, cwd, env, stdin.fileno() if input is not None else None, out, err)
            except BaseException:  # in making the child what a new interpreter is: said, not hidden
                traceback.print_exc()
            finally:
                os._exit(code)
        status = _wait(pid, timeout)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if status is None:  # what was written so far, as bytes (or None), as subprocess.run gives it
        raise subprocess.TimeoutExpired(args, timeout, stdout or None, stderr or None)
    return subprocess.CompletedProcess(
        args, os.waitstatus_to_exitcode(status), stdout.decode("utf-8"), stderr.decode("utf-8")
    )


def _wait(pid: int, timeout: float | None) -> int | None:
    """The child's wait status; None when `timeout` passed first (the child and whatever it started
    are killed)."""
    handle = os.pidfd_open(pid)
    try:
        ready, _, _ = select.select([handle], [], [], timeout)
    finally:
        os.close(handle)
    if not ready:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:  # killed before it made its group
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return None
    return os.waitpid(pid, 0)[1]


def _child(entry, args, cwd, env, stdin_fd, out, err) -> int:
    """Run `entry` as the console script would in a new interpreter; its exit code."""
    os.setpgid(0, 0)  # its own group, which a timeout kills whole
    # The test process's exit handlers, finalizers and child processes are not the command's: forget
    # them, as multiprocessing does in a child it forks, and keep its own exit handler.
    atexit._clear()
    weakref.finalize._registry.clear()
    weakref.finalize._registered_with_atexit = False
    multiprocessing.util._finalizer_registry.clear()
    multiprocessing.util._run_after_forkers()
    multiprocessing.process._children = set()
    multiprocessing.forkserver._forkserver.__init__()  # a fork server the test process started is not ours
    atexit.register(logging.shutdown)
    atexit.register(multiprocessing.util._exit_function)
    faulthandler.disable()
    sys.excepthook, sys.unraisablehook = sys.__excepthook__, sys.__unraisablehook__
    threading.excepthook = threading.__excepthook__
    tempfile.tempdir = None  # found again from the command's environment
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.dup2(stdin_fd if stdin_fd is not None else os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(out.fileno(), 1)
    os.dup2(err.fileno(), 2)
    # As Python opens them in a UTF-8 locale (the commands' environments have no LANG: C.UTF-8).
    sys.stdin = sys.__stdin__ = io.TextIOWrapper(
        io.FileIO(0, "r", closefd=False), encoding="utf-8", errors="surrogateescape"
    )
    sys.stdout = sys.__stdout__ = io.TextIOWrapper(
        io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="surrogateescape"
    )
    sys.stderr = sys.__stderr__ = io.TextIOWrapper(
        io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace", line_buffering=True
    )
    path, filters = _FRESH
    warnings.resetwarnings()
    for action, message, category, module, lineno in filters:
        category = getattr(builtins, category)
        warnings.filterwarnings(action, message or "", category, module or "", lineno, append=True)
    warnings.showwarning = warnings._showwarning_orig
    warnings._showwarnmsg_impl = _WARNINGS_COPY._showwarnmsg_impl
    for logger in [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]:
        if isinstance(logger, logging.Logger):  # pytest's capturing handlers are not the command's
            logger.handlers[:] = [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")]
    main = types.ModuleType("__main__")  # the console script's (click names the program after it)
    main.__file__ = str(args[0])
    sys.modules["__main__"] = main
    if cwd is not None:
        os.chdir(cwd)
    if env is not None:
        os.environ.clear()
        os.environ.update(env)
    time.tzset()
    sys.argv = [str(args[0]), *map(str, args[1:])]
    sys.path[:] = [str(Path(args[0]).parent), *path]
    try:
        code = entry()  # the console script: sys.exit(entry())
    except SystemExit as exc:
        code = exc.code
    except BaseException:
        traceback.print_exc()
        code = 1
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    try:
        threading._shutdown()  # as an interpreter ends: its threads first, then its exit handlers
        atexit._run_exitfuncs()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
    return code or 0
