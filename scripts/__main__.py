"""`python -m scripts COMMAND`: the archive's command line (see `python -m scripts --help`)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive.cli import main  # noqa: E402

sys.exit(main())
