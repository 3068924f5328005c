"""`python -m checker …`: the documented command, handed to the team's tools (authoring.cli).
Not shipped to the browser."""

import sys

from authoring.cli import main

sys.exit(main())
