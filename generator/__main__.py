"""Allow `python -m generator`."""

import sys

try:
    # Ctrl-C before the command runs (importing MkDocs and the stages takes a second; argparse)
    # stops it as Ctrl-C during it does: one word and status 130, no traceback.
    from .cli import main

    status = main()
except KeyboardInterrupt:
    print("interrupted", file=sys.stderr)
    status = 130
raise SystemExit(status)
