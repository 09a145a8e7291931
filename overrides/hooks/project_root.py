"""Put the project root on sys.path, so the hooks import the generator under any MkDocs command.

`python -m generator site`, `python -m mkdocs ...` (make serve) and `python -m properdocs ...`
run from the project root, which Python already puts on sys.path; a bare `mkdocs serve` does not.
Every hook that imports the generator imports this module first.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))
