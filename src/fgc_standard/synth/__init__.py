"""Synthetic returns: realistic, seeded, at any scale, with known faults on request.

Real FGC data is personal data about children, so every test, demo and
benchmark uses data made here instead.

- :func:`generate_return` builds a clean, consistent return in memory.
- :func:`write_synthetic_return` writes one to disk (CSV data package by
  default), optionally with faults of named kinds and a ``faults.csv`` manifest
  that says exactly where each one is.

The rates, delays and shares are documented in
:mod:`fgc_standard.synth.distributions`; the faults in
:mod:`fgc_standard.synth.faults`.
"""

from fgc_standard.synth.faults import FAULT_KINDS, TEXT_ONLY_KINDS
from fgc_standard.synth.generator import generate_return
from fgc_standard.synth.writer import FORMATS, SynthOutput, write_synthetic_return

__all__ = [
    "FAULT_KINDS",
    "FORMATS",
    "TEXT_ONLY_KINDS",
    "SynthOutput",
    "generate_return",
    "write_synthetic_return",
]
