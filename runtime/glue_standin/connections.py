"""The local stand-in for Glue Data Catalog JDBC connections: a JSON file.

File format (written by ``ddb-migrate run-local``)::

    {"connections": {"NAME": {"url": "jdbc:mysql://127.0.0.1:3306/app",
                              "user": "migrator", "password_env": "MYSQL_PWD"}}}

Each entry stands for one Glue JDBC connection to MySQL, and holds what such a connection holds
(AWS Glue API, "Connection API", ConnectionProperties JDBC_CONNECTION_URL, USERNAME, PASSWORD:
https://docs.aws.amazon.com/glue/latest/dg/aws-glue-api-catalog-connections-connections.html),
except that the password is never in the file: it is read, when a job asks for the connection,
from the environment variable ``password_env`` names, and nothing here writes or logs it.

Refused, each with a message saying why:

* a ``driver`` key: a Glue JDBC connection for MySQL names no driver class; Glue uses the MySQL
  Connector/J it bundles (AWS Glue Developer Guide, "JDBC connections", JDBC driver versions:
  https://docs.aws.amazon.com/glue/latest/dg/aws-glue-programming-etl-connect-jdbc-home.html).
  A custom driver is a JDBC_DRIVER_CLASS_NAME/JDBC_DRIVER_JAR_URI in S3, which a local run has not.
* a URL that is not ``jdbc:mysql://host:port/database[?name=value&...]``: the format Glue documents
  for a JDBC connection's URL, ``jdbc:protocol://host:port/db_name``, where "a db_name in the data
  store is required" (AWS Glue Developer Guide, "AWS Glue connection properties", JDBC URL:
  https://docs.aws.amazon.com/glue/latest/dg/connection-properties.html), with a single host.
* MariaDB Connector/J's ``permitMysqlScheme``: Glue's MySQL driver has no such property.
* any other key: the stand-in models no other connection property.
"""

import json
import os
import re
from dataclasses import dataclass
from typing import Dict, Mapping, Optional
from urllib.parse import parse_qsl

from glue_standin.errors import STANDIN_DOC, LocalConnectionError

#: Keys an entry may have (``password_env`` names the variable holding the password).
ENTRY_KEYS = ("url", "user", "password_env")

_URL = re.compile(
    r"(?P<base>jdbc:mysql://(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.\-_]*)(?::(?P<port>[0-9]{1,5})))"
    r"/(?P<database>[A-Za-z0-9_$\-]+)(?:\?(?P<query>.*))?",
    re.DOTALL)
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class JdbcConnection:
    """One local "Glue connection"; ``password`` is resolved from the environment on demand."""

    name: str
    full_url: str
    base_url: str
    user: str
    password_env: str

    def password(self) -> str:
        if self.password_env not in os.environ:
            raise LocalConnectionError(
                f"connection '{self.name}' reads its password from ${self.password_env}, which is not set")
        return os.environ[self.password_env]


def parse_mysql_url(url: str, where: str) -> re.Match:
    """The parts of a MySQL JDBC URL as a Glue connection holds it; raises LocalConnectionError."""
    if not isinstance(url, str):
        raise LocalConnectionError(f"{where}: 'url' must be a string")
    if url.startswith("jdbc:mariadb:"):
        raise LocalConnectionError(
            f"{where}: {url.split('?', 1)[0]} is a MariaDB Connector/J URL; Glue 5.0 reads MySQL with MySQL "
            f"Connector/J 8.0.33, which takes jdbc:mysql://host:port/database (see {STANDIN_DOC})")
    match = _URL.fullmatch(url)
    if match is None:
        raise LocalConnectionError(
            f"{where}: URL {url.split('?', 1)[0]!r} is not jdbc:mysql://host:port/database[?name=value&...] "
            f"(one host, a port, a database), the JDBC URL format Glue documents for a connection (see {STANDIN_DOC})")
    if not 0 < int(match.group("port")) <= 65535:
        raise LocalConnectionError(f"{where}: port {match.group('port')} is out of range")
    for key, _ in parse_qsl(match.group("query") or "", keep_blank_values=True):
        if key.lower() == "permitmysqlscheme":
            raise LocalConnectionError(
                f"{where}: permitMysqlScheme is a MariaDB Connector/J property; the URL is read by (a stand-in "
                f"for) MySQL Connector/J, as on Glue, and needs none (see {STANDIN_DOC})")
    return match


def _entry(name: str, entry: object, path: str) -> JdbcConnection:
    where = f"connection '{name}' in {path}"
    if not isinstance(entry, dict):
        raise LocalConnectionError(f"{where} must be a JSON object")
    if "driver" in entry:
        raise LocalConnectionError(
            f"{where} has a 'driver' key: a Glue JDBC connection to MySQL names no driver class (Glue uses its "
            f"bundled MySQL Connector/J, com.mysql.cj.jdbc.Driver); remove it (see {STANDIN_DOC})")
    unknown = sorted(set(entry) - set(ENTRY_KEYS))
    if unknown:
        raise LocalConnectionError(f"{where} has unknown key(s) {', '.join(unknown)}; "
                                   f"an entry holds only {', '.join(ENTRY_KEYS)}")
    missing = [key for key in ENTRY_KEYS if key not in entry]
    if missing:
        raise LocalConnectionError(f"{where} lacks {', '.join(missing)}")
    match = parse_mysql_url(entry["url"], where)
    user, password_env = entry["user"], entry["password_env"]
    if not isinstance(user, str) or not user:
        raise LocalConnectionError(f"{where}: 'user' must be a non-empty string (a Glue connection's USERNAME)")
    if not isinstance(password_env, str) or not _ENV_NAME.fullmatch(password_env):
        raise LocalConnectionError(f"{where}: 'password_env' must name an environment variable")
    return JdbcConnection(name=name, full_url=entry["url"], base_url=match.group("base"), user=user,
                          password_env=password_env)


class LocalConnections:
    """The connections of one local run, by name."""

    def __init__(self, connections: Mapping[str, JdbcConnection], source: str):
        self._connections: Dict[str, JdbcConnection] = dict(connections)
        self.source = source

    @classmethod
    def load(cls, path: str) -> "LocalConnections":
        try:
            with open(path, encoding="utf-8") as handle:
                doc = json.load(handle)
        except (OSError, ValueError) as exc:
            raise LocalConnectionError(f"cannot read connections file {path}: {exc}") from None
        if not isinstance(doc, dict) or set(doc) != {"connections"} or not isinstance(doc["connections"], dict):
            raise LocalConnectionError(f"{path} must be a JSON object {{\"connections\": {{NAME: {{...}}}}}}")
        entries = {name: _entry(name, entry, path) for name, entry in doc["connections"].items()}
        return cls(entries, path)

    def get(self, name: str) -> JdbcConnection:
        """The named connection; Glue fails the same way when the Data Catalog has none by that name."""
        found: Optional[JdbcConnection] = self._connections.get(name) if isinstance(name, str) else None
        if found is None:
            known = ", ".join(sorted(self._connections)) or "none"
            raise LocalConnectionError(f"no connection named {name!r} in {self.source} (defined: {known})")
        return found
