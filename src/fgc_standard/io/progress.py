"""A progress display for long work: a rich bar if rich is installed, else a plain line.

The library reports progress through a plain callback, ``(done, total)``;
this module turns it into something a person sees on standard error.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

__all__ = ["ProgressCallback", "progress_bar"]

#: Called with (units done, units in all) as work advances.
ProgressCallback = Callable[[int, int], None]


@contextmanager
def progress_bar(description: str, *, enabled: bool = True) -> Iterator[ProgressCallback]:
    """Yield a callback that shows progress on standard error.

    Args:
        description: What is being done, for example ``"referrals.csv"``.
        enabled: Show nothing when false (for example when stderr is not a terminal).
    """
    if not enabled:
        yield lambda done, total: None
        return
    try:
        from rich.progress import Progress
    except ImportError:  # pragma: no cover - rich is an optional extra
        yield _plain_line(description)
        sys.stderr.write("\n")
        return
    with Progress(transient=False) as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _plain_line(description: str) -> ProgressCallback:
    last = [0.0]

    def update(done: int, total: int) -> None:
        now = time.monotonic()
        if now - last[0] < 0.5 and done < total:
            return
        last[0] = now
        share = f"{100 * done / total:5.1f}%" if total else ""
        sys.stderr.write(f"\r{description}: {share}")
        sys.stderr.flush()

    return update
