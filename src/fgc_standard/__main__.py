"""``python -m fgc_standard`` runs the ``fgc`` command."""

import sys

from fgc_standard.cli.main import main

sys.exit(main())
