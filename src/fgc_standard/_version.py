"""Versions: the package's own and the standard's.

The package version moves with every release of the library. The standard
version moves only when the data shape changes; see the governance page.
"""

__version__ = "0.1.0"
STANDARD_VERSION = "1.0.0"
