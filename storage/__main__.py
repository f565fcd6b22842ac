"""`python -m storage migrate-to URL`: see storage/migrate.py."""
import sys

from storage.migrate import main

sys.exit(main(sys.argv[1:]))
