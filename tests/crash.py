"""Kill a build with SIGKILL just before any one of its filesystem steps, to test recovery.

Every change the writer makes to output goes through generator/write/atomic.py; in a forked
child this counts those calls and kills the process before the chosen one, as a power cut of the
process (kill -9, the OOM killer) would. The child runs the real command line; nothing in the
generator knows about this harness.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from generator import build, cli, config
from generator.models import Corpus
from generator.write import atomic, site, tree

# The steps counted: those that change or remove what exists (making scratch symlinks is not one);
# remove() counts only when there is something to remove.
STEPS = ("rename", "link", "exchange", "remove", "write_durably")


@dataclass(frozen=True)
class Outcome:
    """How the child ended."""

    killed: bool
    status: int  # exit status when not killed
    stderr: str


def _patch(
    root: Path,
    kill_at: int | None,
    exchange: bool,
    site_from: Path | None,
    kill_writing: bool,
    inputs: tuple[config.Settings, Corpus] | None,
    signal_number: int,
) -> None:
    count = 0

    def counted(name: str, function):  # type: ignore[no-untyped-def]
        def step(*args, **kwargs):  # type: ignore[no-untyped-def]
            nonlocal count
            if name != "remove" or os.path.lexists(args[0]):
                count += 1
                if count == kill_at:
                    os.kill(os.getpid(), signal_number)
            return function(*args, **kwargs)

        return step

    if not exchange:
        atomic.exchange = lambda a, b: False  # type: ignore[assignment]
    for name in STEPS:
        if exchange or name != "exchange":
            setattr(atomic, name, counted(name, getattr(atomic, name)))
    if site_from is not None:
        # The site's content does not matter here, only how it is committed: a copy stands in
        # for MkDocs (seconds per run).
        def fake_mkdocs(config, docs_dir, site_dir, date=None, display=str):  # type: ignore[no-untyped-def]
            shutil.copytree(site_from, site_dir)
            return 0.0

        site.run_mkdocs = fake_mkdocs  # type: ignore[assignment]
    if inputs is not None:
        # Reading digests is not what is tested: the parent read them once.
        template, corpus = inputs
        config.load = lambda *a, **k: dataclasses.replace(  # type: ignore[assignment]
            template,
            root=root,
            docs_dir=root / "docs",
            data_dir=root / "data" / "digests",
            taxonomy=root / "data" / "topics.yml",
        )
        build.make_corpus = lambda *a, **k: corpus  # type: ignore[assignment]
    if kill_writing:
        encode, written = tree.encode, [0]

        def killing_encode(content):  # type: ignore[no-untyped-def]
            written[0] += 1
            if written[0] == 3:
                os.kill(os.getpid(), signal.SIGKILL)
            return encode(content)

        tree.encode = killing_encode  # type: ignore[assignment]


def run(
    root: Path,
    argv: list[str],
    kill_at: int | None = None,
    *,
    exchange: bool = True,
    site_from: Path | None = None,
    kill_writing: bool = False,
    inputs: tuple[config.Settings, Corpus] | None = None,
    signal_number: int = signal.SIGKILL,
) -> Outcome:
    """Run `python -m generator ARGV` in root in a forked child; kill it before step kill_at.

    signal_number: SIGINT instead is Ctrl-C, which the build handles itself.
    """
    err = root.with_name(root.name + ".stderr")
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 70
        try:
            fd = os.open(err, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
            os.dup2(fd, 2)
            os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
            # pytest may have replaced the streams: write to the descriptors themselves.
            sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
            sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
            os.chdir(root)
            # Ctrl-C as a terminal sends it: a shell's background job inherits SIGINT ignored.
            signal.signal(signal.SIGINT, signal.default_int_handler)
            _patch(root, kill_at, exchange, site_from, kill_writing, inputs, signal_number)
            code = cli.main(argv)
        except BaseException:
            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    stderr = err.read_text(errors="replace")
    err.unlink()
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL, stderr
        return Outcome(True, -1, stderr)
    return Outcome(False, os.WEXITSTATUS(status), stderr)
