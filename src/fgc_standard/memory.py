"""How a process that reads one large return and exits allocates Arrow's memory.

Checking a national file makes and drops many column-sized buffers (tens of
megabytes each). Arrow's default allocator hands freed memory back to the
system at once, and the next buffer of that size is then faulted in again page
by page: on a return of a million referrals that kernel work measured about a
third of all the CPU time of ``fgc validate``. jemalloc, told to keep freed
memory for reuse, spends almost none of it.

This is a choice for a whole process, so the library never makes it by
itself: the ``fgc`` command does, once, at its start (and the benchmark, for
every phase it measures, the plain pyarrow read included).
"""

from __future__ import annotations

import pyarrow as pa

__all__ = ["use_batch_memory_pool"]


def use_batch_memory_pool() -> bool:
    """Make jemalloc, keeping freed memory for reuse, Arrow's default allocator.

    Memory is returned to the system when the process exits. Does nothing
    (and returns ``False``) where this pyarrow has no jemalloc.

    Returns:
        Whether the allocator was set.
    """
    try:
        pool = pa.jemalloc_memory_pool()
    except NotImplementedError:
        return False
    pa.jemalloc_set_decay_ms(-1)  # never give freed pages back while running
    pa.set_memory_pool(pool)
    return True
