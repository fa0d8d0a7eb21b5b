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

from fgc_standard.synth.generator import generate_return

__all__ = ["generate_return"]
