"""`python -m gongkai.cli`: the `gongkai` command."""

import sys

from gongkai.cli import main

sys.exit(main())
