"""`python -m pyshell.testing FILE...`: run transcripts without pytest.

Prints one `PASS`/`FAIL` line a file and the diff of each failure; `--update` rewrites the
expected output. Exit code 0 when all pass, 1 otherwise, 2 for a bad command line.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

from pyshell.testing.runner import run_transcript_file

__all__ = ["main"]


def _files(paths: Sequence[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        found += sorted(path.rglob("*.pstest")) if path.is_dir() else [path]
    return found


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pyshell.testing",
                                     description="Run pyshell *.pstest transcripts.")
    parser.add_argument("paths", nargs="+", metavar="FILE", help="transcripts or folders")
    parser.add_argument("--update", action="store_true",
                        help="rewrite the expected output of transcripts that differ")
    args = parser.parse_args(argv)
    failed = 0
    files = _files(args.paths)
    for path in files:
        try:
            run = run_transcript_file(path, update=args.update)
        except OSError as exc:
            print(f"ERROR {path}: {exc.strerror or exc}")
            failed += 1
            continue
        if run.passed:
            print(f"PASS {path}")
        elif args.update and not run.internal_errors:
            print(f"UPDATED {path}")
        else:
            failed += 1
            print(f"FAIL {path}")
            print(run.report())
    print(f"{len(files) - failed} passed, {failed} failed")
    return 1 if failed or not files else 0


if __name__ == "__main__":
    sys.exit(main())
