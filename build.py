#!/usr/bin/env python3
"""Build the patient leaflets. Run ``python build.py --help`` for the commands."""
import sys

from leaflets.cli import main

if __name__ == "__main__":
    sys.exit(main())
