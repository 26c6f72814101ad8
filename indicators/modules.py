"""The demo's ES modules, found by following their imports from the entry module.

A module's imports are only seen once it has arrived, so without hints the browser
fetches the demo as a chain (main.js, then demo.js, then chart.js, then format.js).
`<link rel="modulepreload">` for every module in the graph lets it fetch them all at
once; the list is read from the sources, so a new module is never missing from it.
"""

import re
from functools import lru_cache
from posixpath import dirname, normpath

from django.contrib.staticfiles import finders

DEMO_ENTRY = "js/demo/main.js"
# Static imports and re-exports with a relative path: `import … from "./x.js"`,
# `import "./x.js"`, `export … from "./x.js"`. Dynamic import() is left out on purpose:
# what it loads is wanted later, not now.
_STATIC_IMPORT = re.compile(
    r"""^\s*(?:import|export)\b[^;'"]*?(?:\bfrom\s*)?["'](\.{1,2}/[^"']+)["']""", re.M
)


def imports_of(source: str, path: str) -> list[str]:
    """The static paths `path` imports, resolved against its folder."""
    return [normpath(f"{dirname(path)}/{found}") for found in _STATIC_IMPORT.findall(source)]


@lru_cache(maxsize=8)
def module_graph(entry: str = DEMO_ENTRY) -> tuple[str, ...]:
    """Every static path reachable from `entry`, entry first, each once, in import order."""
    seen: list[str] = []
    pending = [entry]
    while pending:
        path = pending.pop(0)
        if path in seen:
            continue
        located = finders.find(path)
        if located is None:
            raise LookupError(f"{path} is imported but is not a static file")
        seen.append(path)
        with open(located, encoding="utf-8") as handle:
            pending.extend(imports_of(handle.read(), path))
    return tuple(seen)
