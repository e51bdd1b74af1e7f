"""Regenerate the golden HTML reports in tests/golden/ (the documented update command).

    python scripts/update_golden.py

Renders every case of ``tests/report_fixtures.GOLDEN_CASES``, scrubs the generation time and
version, writes ``tests/golden/<case>.html`` and removes stale ``<case>.actual.html`` files.
Review the diff of tests/golden/ before committing.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.report_fixtures import GOLDEN_CASES, golden_path, render_case  # noqa: E402


def main() -> int:
    """Write every golden file; print what changed."""
    for name in sorted(GOLDEN_CASES):
        path = golden_path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        html = render_case(name)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        path.write_text(html, encoding="utf-8")
        path.with_suffix(".actual.html").unlink(missing_ok=True)
        state = "unchanged" if old == html else ("created" if old is None else "updated")
        print(f"{path.relative_to(ROOT)}: {state}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
