"""``python -m wireframe.cli``: the ``wireframe`` command without its entry point."""

import sys

from wireframe.cli import main

sys.exit(main())
