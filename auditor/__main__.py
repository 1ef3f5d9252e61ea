"""``python -m auditor`` and the ``auditor`` script.

Importing the command modules takes a moment; Ctrl+C in that moment (before any command
runs, so before anything is written) ends with one line and exit 130 too, not a traceback.
"""

import sys


def run() -> None:
    try:
        from auditor.cli import main
    except KeyboardInterrupt:
        sys.stderr.write("auditor: interrupted: before anything was read or written\n")
        sys.exit(130)
    main()


if __name__ == "__main__":
    run()
