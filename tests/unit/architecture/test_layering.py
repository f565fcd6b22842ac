"""The layering rules of README's Layout section, checked on the source tree (no import, no database).

Each rule walks every top-level package it finds, so a new package (forecast/, market/ ...) is checked
the day it lands. The rules:
- Streamlit is imported only by ui/, pages/ and app.py; Starlette (HTTP) only by web/, api.py and app.py.
- Only data modules run SQL: a module named `store.py` or `store_*.py` in a package, and storage/.
  Elsewhere no call of execute/executemany/query/query_one/query_df/sql and no SQL text.
- pages/ and ui/ never reach the database (no storage import, no SQL).
- No import cycle between top-level packages (imports inside functions count too: they hide cycles).
- Imports of project modules inside functions stay few (they are how cycles get hidden).
"""
from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
NOT_CODE = {"tests", "benchmarks", "data", "node_modules"}
STREAMLIT_ALLOWED = {"ui", "pages", "app"}
STARLETTE_ALLOWED = {"web", "api", "app"}
DB_METHODS = {"execute", "executemany", "query", "query_one", "query_df", "sql"}
# SQL statements, upper case as the project writes them ("Select a file" in a message does not match).
SQL_TEXT = re.compile(r"\b(SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w[\w.]*\s+SET|"
                      r"CREATE\s+(TABLE|INDEX|VIEW)|ALTER\s+TABLE|DROP\s+TABLE)\b")
# Modules that still run SQL outside a data module: the list may only shrink (issue 16).
NOT_YET_MOVED: set[str] = set()
# Engines that compute with SQL on a private in-memory DuckDB connection: the FEC ledger and its checks,
# the log parser (pipeline.memory_only_duckdb). No data of the application's database is read there.
IN_MEMORY_ENGINES = {"finance.ledger", "finance.validation", "audience.logs", "audience.logformats", "audience.logrows"}
# ui.shell opens (and migrates) the database on the first run of a process; it runs no SQL.
STORAGE_IMPORT_ALLOWED = {"ui.shell"}
MAX_FUNCTION_LEVEL_IMPORTS = 14  # may only go down
# A package's command line (cli.py, __main__.py) is an entry point like app.py: it may wire in another
# package (`python -m finance forecast` runs forecast.cli) and import lazily so that a command starts
# fast; it is left out of the package graph and of the count of imports inside functions.


def is_entry_point(module_name: str) -> bool:
    return module_name.rsplit(".", 1)[-1] in ("cli", "__main__")


@dataclass(frozen=True)
class Module:
    path: Path
    name: str          # "privacy.retention"
    package: str       # "privacy"; "app" and "api" are packages of one module

    @property
    def is_data_module(self) -> bool:
        stem = self.path.stem
        return self.package == "storage" or stem == "store" or stem.startswith("store_")


@cache
def modules() -> tuple[Module, ...]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in NOT_CODE or rel.parts[0].startswith("."):
            continue
        dotted = ".".join(rel.with_suffix("").parts).removesuffix(".__init__")
        found.append(Module(path, dotted, rel.parts[0] if len(rel.parts) > 1 else rel.stem))
    return tuple(found)


@cache
def tree(module: Module) -> ast.Module:
    return ast.parse(module.path.read_text(encoding="utf-8"), filename=str(module.path))


def packages() -> set[str]:
    return {m.package for m in modules()}


def imports(module: Module) -> Iterator[tuple[str, ast.stmt, bool]]:
    """(imported module, node, inside a function) for every absolute import run at run time
    (those under `if TYPE_CHECKING:` are only read by type checkers)."""
    in_function: set[int] = set()
    typing_only: set[int] = set()
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            in_function.update(id(n) for n in ast.walk(node) if n is not node)
        elif isinstance(node, ast.If) and ast.unparse(node.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}:
            typing_only.update(id(n) for n in ast.walk(node))
    for node in ast.walk(tree(module)):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node, id(node) in in_function
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, node, id(node) in in_function


def database_calls(module: Module) -> list[str]:
    out = []
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DB_METHODS:
            out.append(f"{module.name}:{node.lineno} .{node.func.attr}()")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and SQL_TEXT.search(node.value):
            out.append(f"{module.name}:{node.lineno} SQL text")
    return out


def where(module: Module, node: ast.AST) -> str:
    return f"{module.name}:{node.lineno}"


def test_the_walk_sees_the_packages():
    assert {"accounts", "audience", "finance", "privacy", "storage", "ui", "pages", "app"} <= packages()


def test_the_detectors_see_a_violation(tmp_path):
    source = tmp_path / "report.py"
    source.write_text("import streamlit as st\nfrom storage import get_db\n\n"
                      "def late():\n    from privacy import erasure\n\n"
                      "rows = get_db().query('SELECT name FROM users WHERE id = ?', [1])\n"
                      "TEXT = 'Select a file from the list'\n")
    module = Module(source, "forecast.report", "forecast")
    assert not module.is_data_module and Module(source.with_name("store_x.py"), "", "forecast").is_data_module
    assert database_calls(module) == ["forecast.report:7 .query()", "forecast.report:7 SQL text"]
    assert [(name, inside) for name, _, inside in imports(module)] == [
        ("streamlit", False), ("storage", False), ("privacy", True)]


def test_streamlit_only_in_ui_pages_and_the_launcher():
    bad = [where(m, node) for m in modules() if m.package not in STREAMLIT_ALLOWED
           for name, node, _ in imports(m) if name.split(".")[0] == "streamlit"]
    assert not bad, f"Streamlit imported outside ui/, pages/ and app.py: {bad}"


def test_http_handlers_only_in_web_beside_api():
    bad = [where(m, node) for m in modules() if m.package not in STARLETTE_ALLOWED
           for name, node, _ in imports(m) if name.split(".")[0] == "starlette"]
    assert not bad, f"Starlette imported outside web/, api.py and app.py (handlers live in web/): {bad}"


def test_pages_and_ui_never_reach_the_database():
    bad = [where(m, node) for m in modules() if m.package in {"ui", "pages"} and m.name not in STORAGE_IMPORT_ALLOWED
           for name, node, _ in imports(m) if name.split(".")[0] == "storage"]
    bad += [call for m in modules() if m.package in {"ui", "pages"} for call in database_calls(m)]
    assert not bad, f"pages/ and ui/ call a package's function instead: {bad}"


def test_only_data_modules_run_sql():
    bad = [call for m in modules() if not m.is_data_module and m.name not in NOT_YET_MOVED | IN_MEMORY_ENGINES
           for call in database_calls(m)]
    assert not bad, ("SQL outside a data module: move it to storage/queries/<package>/<name>.sql, "
                     f"run it from <package>/store.py (or store_*.py): {bad}")


def test_the_list_of_modules_still_to_move_only_shrinks():
    names = {m.name for m in modules()}
    stale = [n for n in NOT_YET_MOVED if n not in names or not database_calls(next(m for m in modules()
                                                                                   if m.name == n))]
    assert not stale, f"remove from NOT_YET_MOVED, they run no SQL any more: {stale}"


def package_graph() -> dict[str, set[str]]:
    tops = packages()
    graph: dict[str, set[str]] = {p: set() for p in tops}
    for m in modules():
        if is_entry_point(m.name):
            continue
        for name, _, _ in imports(m):
            top = name.split(".")[0]
            if top in tops and top != m.package:
                graph[m.package].add(top)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph (depth-first search), or None."""
    state: dict[str, int] = {}   # 1 on the current path, 2 done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        state[node] = 2
        path.pop()
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_find_cycle_finds_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_between_packages():
    cycle = find_cycle(package_graph())
    assert cycle is None, f"packages import each other in a circle: {' -> '.join(cycle or [])}"


def test_few_imports_inside_functions():
    tops = packages()
    late = [where(m, node) for m in modules() if not is_entry_point(m.name)
            for name, node, inside in imports(m) if inside and name.split(".")[0] in tops]
    assert len(late) <= MAX_FUNCTION_LEVEL_IMPORTS, (
        f"{len(late)} imports of project modules inside functions (at most {MAX_FUNCTION_LEVEL_IMPORTS}); "
        f"import at the top, and break a cycle by moving code instead: {late}")
