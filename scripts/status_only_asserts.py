"""List the tests' status-code-only assertions: an `assert` comparing nothing but status codes with numbers,
about a response the test reads nothing else of (not its body, JSON, headers or Location). Each such
assertion would pass whatever page, message or redirect came back. Also counts every assert that compares
status codes only (most are followed by checks on the body).

    python scripts/status_only_asserts.py [tests] [-v]

Exits 1 when it finds any of the first kind."""

from __future__ import annotations

import ast
import sys
from pathlib import Path


def _status_ish(node: ast.AST) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "status_code"
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return all(_status_ish(element) for element in node.elts)
    if isinstance(node, ast.ListComp | ast.SetComp | ast.GeneratorExp):
        return _status_ish(node.elt)
    return False


def _status_only(test: ast.expr) -> bool:
    if not isinstance(test, ast.Compare):
        return False
    operands = [test.left, *test.comparators]
    return all(_status_ish(o) for o in operands) and any("status_code" in ast.unparse(o) for o in operands)


def _responses(test: ast.expr) -> set[str | None]:
    """The names of the responses whose status the assertion reads (None: a response never named); for
    `[r.status_code for r in (a, b)]`, a and b."""
    targets = {
        t.id
        for c in ast.walk(test)
        if isinstance(c, ast.comprehension)
        for t in ast.walk(c.target)
        if isinstance(t, ast.Name)
    }
    found: set[str | None] = set()
    for node in ast.walk(test):
        if isinstance(node, ast.comprehension):
            found |= {n.id for n in ast.walk(node.iter) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.Attribute) and node.attr == "status_code":
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if not isinstance(base, ast.Name):
                found.add(None)
            elif base.id not in targets:
                found.add(base.id)
    return found


def _read_otherwise(function: ast.AST, name: str, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether the function reads the response `name` for anything but its status code (neither a
    status-code-only assertion nor the failure message of an assert counts)."""
    ignored = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            if _status_only(node.test):
                ignored |= {id(n) for n in ast.walk(node.test)}
            if node.msg is not None:
                ignored |= {id(n) for n in ast.walk(node.msg)}
    for node in ast.walk(function):
        if not (isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Load)):
            continue
        if id(node) in ignored:
            continue
        parent = parents.get(node)
        while isinstance(parent, ast.Attribute) and parent.attr == "value":
            parent = parents.get(parent)
        if isinstance(parent, ast.Attribute) and parent.attr == "status_code":
            continue
        return True
    return False


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "-v"]
    root = Path(args[0] if args else "tests")
    bare: dict[tuple[str, int], str] = {}
    broad: set[tuple[str, int]] = set()
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text())
        parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Assert) and _status_only(node.test):
                    broad.add((str(path), node.lineno))
                    unread = [
                        n for n in _responses(node.test) if n is None or not _read_otherwise(function, n, parents)
                    ]
                    if unread:
                        bare[(str(path), node.lineno)] = (
                            f"{path}:{node.lineno} {function.name}: {ast.unparse(node.test)}"
                        )
    for line in sorted(bare.values()):
        print(line)
    if "-v" in argv:
        print(
            "\n".join(
                f"{path}:{line} (status codes only, the body checked elsewhere)"
                for path, line in sorted(broad - set(bare))
            )
        )
    print(f"{len(bare)} status-code-only assertions on a response the test reads nothing else of")
    print(f"{len(broad)} asserts comparing status codes only (the rest check the response's body elsewhere)")
    return 1 if bare else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
