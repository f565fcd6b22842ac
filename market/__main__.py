"""`python -m market ...` (see market.cli)."""
import sys

from market.cli import main

sys.exit(main())
