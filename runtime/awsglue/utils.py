"""``getResolvedOptions`` as Glue has it: ``--name value`` pairs from argv, every name required."""

from typing import Dict, List


class GlueArgumentError(ValueError):
    """A requested job argument is missing (Glue fails the run the same way)."""


def getResolvedOptions(args: List[str], options: List[str]) -> Dict[str, str]:  # noqa: N802 (Glue's name)
    """Returns ``{name: value}`` for every name in ``options``; both ``--name value`` and
    ``--name=value`` are accepted, the last occurrence wins, and a missing name is an error."""
    found: Dict[str, str] = {}
    index = 1
    while index < len(args):
        token = args[index]
        if token.startswith("--"):
            name, eq, value = token[2:].partition("=")
            if not eq:
                if index + 1 < len(args):
                    value = args[index + 1]
                    index += 1
                else:
                    value = ""
            found[name] = value
        index += 1
    missing = [name for name in options if name not in found]
    if missing:
        raise GlueArgumentError("the following arguments are required: " + ", ".join("--" + m for m in missing))
    return {name: found[name] for name in options}
