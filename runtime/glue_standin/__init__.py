"""A local stand-in for AWS Glue 5.0, built on AWS's own ``awsglue`` (AWSGlueDataplanePython 5.0.0).

AWS publishes the Python side of Glue's library on PyPI; its ``getResolvedOptions`` and ``Job``
are used here unchanged. Only ``awsglue.context.GlueContext`` needs Glue's JVM classes, so
``install`` replaces that one class with ``glue_standin.context.GlueContext``, which models a
few documented behaviours strictly and refuses everything else. docs/GLUE-STANDIN.md lists what
is modelled, with the AWS documentation behind each behaviour.
"""

import os
import sys

from glue_standin.connections import LocalConnections
from glue_standin.errors import StandinSetupError

#: The AWS distribution whose awsglue the stand-in runs (requirements-dev.txt pins it).
AWS_DISTRIBUTION = "AWSGlueDataplanePython"
AWS_VERSION = "5.0.0"
#: Glue 5.0's Python (AWS Glue Developer Guide, "AWS Glue versions").
GLUE_PYTHON = (3, 11)


def aws_awsglue():
    """AWS's ``awsglue`` package, after checking it is AWS's 5.0.0 and not something shadowing it."""
    from importlib import metadata

    if sys.version_info[:2] != GLUE_PYTHON:
        raise StandinSetupError(f"Glue 5.0 runs Python {GLUE_PYTHON[0]}.{GLUE_PYTHON[1]}; this is "
                                f"{sys.version_info[0]}.{sys.version_info[1]}")
    try:
        version = metadata.version(AWS_DISTRIBUTION)
    except metadata.PackageNotFoundError:
        raise StandinSetupError(f"{AWS_DISTRIBUTION} is not installed: run scripts/install-deps.sh") from None
    if version != AWS_VERSION:
        raise StandinSetupError(f"{AWS_DISTRIBUTION} {version} is installed; the stand-in models Glue 5.0 "
                                f"({AWS_DISTRIBUTION}=={AWS_VERSION}): run scripts/install-deps.sh")
    import awsglue

    expected = os.path.realpath(str(metadata.distribution(AWS_DISTRIBUTION).locate_file("awsglue/__init__.py")))
    if os.path.realpath(awsglue.__file__) != expected:
        raise StandinSetupError(f"awsglue resolves to {awsglue.__file__}, not to AWS's package at {expected}; "
                                f"remove whatever shadows it from the import path")
    return awsglue


def install(connections: LocalConnections) -> None:
    """Makes ``from awsglue.context import GlueContext`` give the stand-in, serving ``connections``.

    Call it before the job script runs (run_local.py does). AWS's ``awsglue.job.Job`` looks the
    class up in ``awsglue.context`` when it is created, so it sees the stand-in too.
    """
    aws_awsglue()
    import awsglue.context

    from glue_standin import context

    context.configure(connections)
    awsglue.context.GlueContext = context.GlueContext
