"""The stand-in's errors: each says what was refused, why, and where Glue documents it."""

#: Where this stand-in explains every behaviour it models and every refusal.
STANDIN_DOC = "docs/GLUE-STANDIN.md"


class NotModelledError(NotImplementedError):
    """A part of AWS Glue that the stand-in deliberately does not model.

    A ddb-migrate job must not use it: whatever the stand-in did instead would be a guess, and a
    job that passes on a guess can still fail on Glue 5.0.
    """


class ConnectionOptionError(ValueError):
    """A ``connection_options`` entry that Glue does not document for its JDBC connection types,
    or a documented one with a value or combination Glue's documentation rules out."""


class LocalConnectionError(ValueError):
    """The local connections file (the stand-in's Glue Data Catalog connections) is unusable:
    unreadable, not in the documented shape, or a connection Glue could not hold."""


class StandinSetupError(RuntimeError):
    """The local run is not set up as the stand-in needs (AWS's ``awsglue`` missing or shadowed,
    the JDBC driver shim not built, the wrong Python)."""


def not_modelled(what: str, why: str = "a ddb-migrate job must not call it") -> NotModelledError:
    """``NotModelledError`` with the message every unmodelled part of Glue gives."""
    return NotModelledError(f"the Glue stand-in does not model {what}: {why} (see {STANDIN_DOC})")
