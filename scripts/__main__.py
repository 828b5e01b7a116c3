"""`python -m scripts COMMAND`: the archive's command line (see `python -m scripts --help`)."""

import sys

from thidua.commands import main

sys.exit(main())
