"""The package imports in one direction: api/web/cli -> tasks -> pipeline -> checks/ml -> models/db.

Two checks: every module imports in a fresh interpreter, one after another in sorted order (an
import cycle that bites at import time fails there), and the import graph read from the source
(module-level and in-function imports; `if TYPE_CHECKING:` ones are types only) has no cycle among
module-level imports and no import that goes up a layer.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from qualitygate.settings import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "qualitygate"
# Entry points that build an app when imported: their import is the worker starting.
ENTRY_MODULES = {"qualitygate.tasks.worker"}

# Top to bottom; a module belongs to the first entry whose name is it or its package, and may
# import its own layer or lower ones. Services, reports and monitoring sit beside the pipeline; the
# contract (schemas.py, with its serializer) sits below it, beside the models it reads.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("entry", ("app", "api", "web", "cli", "db_app", "tasks.worker")),
    ("tasks", ("tasks",)),
    ("pipeline", ("pipeline", "services", "reports", "monitoring", "observability")),
    ("checks/ml", ("checks", "ml")),
    ("models/db", ("",)),  # everything else: models, db, schemas, domain, settings, errors, ...
]
# Plain Python: the domain imports neither the web framework nor the queue.
NO_FRAMEWORK = ("pipeline", "checks", "ml", "domain", "errors", "schemas", "services", "monitoring")
FRAMEWORKS = ("flask", "celery")


def module_names() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names.append(".".join(parts))
    return sorted(names)


def _path(module: str) -> Path:
    base = PROJECT_ROOT.joinpath(*module.split("."))
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports(module: str, known: set[str]) -> tuple[set[str], set[str], set[str]]:
    """(qualitygate modules imported at module level, in functions, top-level names of others)."""
    tree = ast.parse(_path(module).read_text(encoding="utf-8"))
    top: set[str] = set()
    inner: set[str] = set()
    external: set[str] = set()
    package = module if _path(module).name == "__init__.py" else module.rpartition(".")[0]

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child):
                for sub in child.orelse:
                    visit(sub, in_function)
                continue
            nested = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            targets: list[str] = []
            if isinstance(child, ast.Import):
                targets = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom):
                base = child.module or ""
                if child.level:
                    anchor = package.split(".")[: len(package.split(".")) - child.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                # `from pkg import sub` imports the submodule `pkg.sub` when there is one.
                subs = [f"{base}.{a.name}" for a in child.names if f"{base}.{a.name}" in known]
                targets = subs or [base]
            for target in targets:
                if target == "qualitygate" or target.startswith("qualitygate."):
                    if target != module:
                        (inner if nested else top).add(target)
                elif target:
                    external.add(target.split(".")[0])
            visit(child, nested)

    visit(tree, False)
    return top, inner, external


def layer_of(module: str) -> int:
    name = module.removeprefix("qualitygate").removeprefix(".")
    for i, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if prefix == "" or name == prefix or name.startswith(prefix + "."):
                return i
    raise AssertionError(module)


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph, or None (iterative depth-first search, deterministic order)."""
    state: dict[str, int] = {}
    for start in sorted(graph):
        if start in state:
            continue
        stack = [(start, iter(sorted(graph[start])))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
                path.pop()
            elif state.get(child) == 1:
                return [*path[path.index(child) :], child]
            elif child not in state and child in graph:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(sorted(graph[child]))))
    return None


def test_every_module_imports_in_a_fresh_interpreter() -> None:
    names = [m for m in module_names() if m not in ENTRY_MODULES]
    code = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\n"
    done = subprocess.run(
        [sys.executable, "-c", code, *names], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]


def test_the_import_graph_has_no_cycle_and_only_goes_down() -> None:
    known = set(module_names())
    graph: dict[str, set[str]] = {}
    upward = []
    framework = []
    for module in sorted(known):
        top, inner, external = imports(module, known)
        graph[module] = {m for m in top if m in known}
        for target in sorted((top | inner) & known):
            if layer_of(target) < layer_of(module):
                upward.append(f"{module} -> {target}")
        name = module.removeprefix("qualitygate.")
        if name.split(".")[0] in NO_FRAMEWORK and external & set(FRAMEWORKS):
            framework.append(f"{module}: {sorted(external & set(FRAMEWORKS))}")
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])
    assert upward == [], "imports that go up a layer"
    assert framework == [], "domain modules importing a framework"


def test_views_enqueue_by_name_and_import_no_task_module() -> None:
    known = set(module_names())
    offenders = []
    for module in sorted(known):
        if layer_of(module) != 0:
            continue
        top, inner, _ = imports(module, known)
        for target in sorted(top | inner):
            # celery_app: the factory binds Celery (app.py), views publish by name with it.
            if target.startswith("qualitygate.tasks.") and target != "qualitygate.tasks.celery_app":
                offenders.append(f"{module} -> {target}")
    # The CLI's `worker` command names the entry module as a string, never by import.
    assert offenders == []
