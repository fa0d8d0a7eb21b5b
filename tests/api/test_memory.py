"""The ``fgc`` command's allocator choice (fgc_standard.memory)."""

from __future__ import annotations

import subprocess
import sys


def test_the_batch_pool_is_jemalloc_keeping_freed_memory() -> None:
    # in a process of its own: the choice is for a whole process
    code = (
        "import pyarrow as pa\n"
        "from fgc_standard.memory import use_batch_memory_pool\n"
        "before = pa.default_memory_pool().backend_name\n"
        "assert use_batch_memory_pool()\n"
        "print(before, pa.default_memory_pool().backend_name)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    before, after = done.stdout.split()
    assert after == "jemalloc"
    assert before != after  # Arrow's default here is mimalloc


def test_importing_the_library_leaves_the_allocator_alone() -> None:
    code = (
        "import pyarrow as pa\n"
        "before = pa.default_memory_pool().backend_name\n"
        "import fgc_standard, fgc_standard.validate, fgc_standard.io\n"
        "print(before == pa.default_memory_pool().backend_name)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"
