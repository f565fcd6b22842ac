"""The HTTP handlers served beside the UI (Starlette), mounted by api.routes(): the audience
collector and metrics (collect.py), the log import handed over by the CLI (log_import.py), the
one-click unsubscribe (unsubscribe.py).
They check the request and call the domain packages; no domain package imports this one."""
