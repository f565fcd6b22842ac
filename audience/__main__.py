import sys

from audience.cli import main

sys.exit(main())
