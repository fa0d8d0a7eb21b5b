"""fgc-standard: the data standard for Family Group Conferences in England.

The package *is* the standard: the entity models and code lists define it, and
the JSON Schema, data package, Arrow schemas and documentation are generated
from them.
"""

from fgc_standard._version import STANDARD_VERSION, __version__

__all__ = ["STANDARD_VERSION", "__version__"]
