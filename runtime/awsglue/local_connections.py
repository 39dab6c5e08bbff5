"""Resolves a "Glue connection" name locally, from a JSON file named by ``DDBM_GLUE_CONNECTIONS``.

File format::

    {"connections": {"NAME": {"url": "jdbc:mysql://127.0.0.1:3306/app?permitMysqlScheme",
                              "user": "migrator", "password_env": "MYSQL_PWD",
                              "driver": "org.mariadb.jdbc.Driver"}}}

The password is read from the environment variable ``password_env`` names, at run time, so it is
never stored in the file (and nothing here ever writes it anywhere).
"""

import json
import os
import re
from typing import Dict

ENV_FILE = "DDBM_GLUE_CONNECTIONS"
DEFAULT_DRIVER = "org.mariadb.jdbc.Driver"


class ConnectionNotFound(LookupError):
    """The connection name is not in the local file, or the file/env is incomplete."""


def _base_url(full_url: str) -> str:
    """``jdbc:mysql://host:port/db?x`` -> ``jdbc:mysql://host:port`` (Glue's ``url`` key)."""
    match = re.match(r"(jdbc:[a-z]+://[^/?]+)", full_url)
    return match.group(1) if match else full_url


def resolve(name: str) -> Dict[str, str]:
    """The JDBC settings of connection ``name`` in the shape of Glue's ``extract_jdbc_conf``."""
    path = os.environ.get(ENV_FILE)
    if not path:
        raise ConnectionNotFound(f"set {ENV_FILE} to a connections JSON file to resolve '{name}' locally")
    try:
        with open(path, encoding="utf-8") as handle:
            doc = json.load(handle)
    except (OSError, ValueError) as exc:
        raise ConnectionNotFound(f"cannot read connections file {path}: {exc}") from None
    entry = (doc.get("connections") or {}).get(name) if isinstance(doc, dict) else None
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        raise ConnectionNotFound(f"connection '{name}' is not defined (with a 'url') in {path}")
    password = ""
    password_env = entry.get("password_env")
    if password_env:
        if password_env not in os.environ:
            raise ConnectionNotFound(f"connection '{name}' reads its password from ${password_env}, which is unset")
        password = os.environ[password_env]
    full_url = entry["url"]
    return {
        "url": _base_url(full_url),
        "fullUrl": full_url,
        "user": str(entry.get("user", "")),
        "password": password,
        "vendor": "mysql",
        "driver": str(entry.get("driver", DEFAULT_DRIVER)),
    }
