import os
import sys

from audience.cli import main, without_pandas

# The CLI never needs pandas, but pyarrow imports it (slowly) at its first array when it is
# installed: this process acts as if it were not (pyarrow works without it).
without_pandas()
code = main()
# The database closed (its checkpoint written) and the output flushed, the process ends without
# tearing down the interpreter: freeing an import's hundreds of MB of objects one by one took seconds.
from storage import reset_db  # noqa: E402 (imported by main already)

reset_db()
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
