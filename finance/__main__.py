"""`python -m finance ...` (see finance.cli)."""
import sys

from finance.cli import main

sys.exit(main())
