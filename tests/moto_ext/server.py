"""moto server with the Glue operations deploy needs and moto lacks.

Used by the deploy tests only (Tests/OperationsTests/Deploy*), never by ddb-migrate itself:

    python tests/moto_ext/server.py -H 127.0.0.1 -p PORT

Adds to moto's Glue:
- ``UpdateJob``: replaces the job's definition with ``JobUpdate`` (unset fields are reset, as
  AWS does) and bumps ``LastModifiedOn``, so tests can tell an update from a no-op.
- Rejected credentials: STS ``GetCallerIdentity`` signed with the access key
  ``AKIAREJECTEDBYTEST00`` answers ``InvalidClientTokenId`` (403), as AWS does for a deleted or
  mistyped key (moto otherwise accepts every key).
- Failing runs on demand: a run started with the argument ``--ddbm_test_outcome=FAILED`` ends in
  state FAILED with an ``ErrorMessage`` (moto's runs otherwise always succeed). The argument is
  passed by the test itself through ``StartJobRun``; the tool never sends it. Such a run also
  leaves lines in CloudWatch Logs where Glue puts the driver's log ("Logging for AWS Glue jobs",
  https://docs.aws.amazon.com/glue/latest/dg/monitor-continuous-logging.html): on Glue 5.0
  stream ``<run id>-driver`` in ``/aws-glue/jobs/error`` (Spark's lines) and
  ``/aws-glue/jobs/output`` (the script's stderr), or ``<prefix>/error|output`` and
  ``<stream prefix>-driver`` when ``--custom-logGroup-prefix`` / ``--custom-logStream-prefix`` are
  set; on Glue 4.0 and earlier the stream is the run id.
- Runs held RUNNING: a run started with ``--ddbm_test_hold_file=PATH`` reports RUNNING while that
  file exists (moto's runs otherwise finish at once), so a test can publish progress objects
  mid-run and then let the run end by deleting the file. Test-only, like the outcome argument.

Makes moto's Glue ``DeleteJob`` as strict as AWS: it also deletes the job's tags ("Tagging AWS
resources": when a resource is deleted its tags are deleted with it,
https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html). moto keeps them in its
tagger under the job's ARN, so a job re-created by hand without tags would still show the old
ones to ``GetTags`` — and look like ``cleanup``'s own.

IAM ``DeleteRole`` needs nothing: moto already refuses it (``DeleteConflict``) while the role has
inline or managed policies or an instance profile, as IAM does ("Deleting roles or instance
profiles", https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html).

Adds to moto's Glue GetConnection what AWS returns and moto drops: ``ConnectionType`` and
``AuthenticationConfiguration`` (``SecretArn``: the Secrets Manager secret holding the
credentials), taken from the ``ConnectionInput`` the connection was created with.
"""
import os
import sys

from moto.core.utils import utcnow
from moto.glue import models as glue_models
from moto.glue.exceptions import EntityNotFoundException
from moto.glue.responses import GlueResponse
from moto.core.responses import ActionResult
from moto.core.exceptions import InvalidClientTokenIdError
from moto.sts.responses import TokenResponse

_UPDATABLE = {
    "Description": "description",
    "LogUri": "log_uri",
    "Role": "role",
    "ExecutionProperty": "execution_property",
    "Command": "command",
    "DefaultArguments": "default_arguments",
    "NonOverridableArguments": "non_overridable_arguments",
    "Connections": "connections",
    "MaxRetries": "max_retries",
    "AllocatedCapacity": "allocated_capacity",
    "Timeout": "timeout",
    "MaxCapacity": "max_capacity",
    "SecurityConfiguration": "security_configuration",
    "NotificationProperty": "notification_property",
    "GlueVersion": "glue_version",
    "NumberOfWorkers": "number_of_workers",
    "WorkerType": "worker_type",
    "ExecutionClass": "execution_class",
}


def _update_job(self):
    name = self._get_param("JobName")
    update = self._get_param("JobUpdate") or {}
    job = self.glue_backend.jobs.get(name)
    if job is None:
        raise EntityNotFoundException(f"Job {name} not found.")
    for field, attribute in _UPDATABLE.items():
        value = update.get(field)
        if field in ("ExecutionProperty", "DefaultArguments") and value is None:
            value = {}
        setattr(job, attribute, value)
    job.last_modified_on = utcnow()
    return ActionResult({"JobName": name})


_original_delete_job = glue_models.GlueBackend.delete_job


def _delete_job(self, name):
    job = self.jobs.get(name)
    if job is not None:
        self.tagger.delete_all_tags_for_resource(job.arn)
    _original_delete_job(self, name)


_original_as_dict = glue_models.FakeJobRun.as_dict


def _run_as_dict(self):
    result = _original_as_dict(self)
    arguments = self.arguments or {}
    hold = arguments.get("--ddbm_test_hold_file")
    if hold and os.path.exists(hold):
        result["JobRunState"] = "RUNNING"
        result.pop("CompletedOn", None)
        result.pop("ExecutionTime", None)
        return result
    outcome = arguments.get("--ddbm_test_outcome")
    if outcome == "FAILED" and result.get("JobRunState") == "SUCCEEDED":
        result["JobRunState"] = "FAILED"
        result["ErrorMessage"] = "An error occurred while calling o123.pyWriteDynamicFrame: simulated failure"
    return result


# What a failed run leaves: Spark's view in the error group, the script's stderr in the output group.
FAILED_RUN_ERROR_LOG = [
    "25/01/01 00:00:01 INFO GlueContext: reading ddb_users_view in 8 ranges",
    "25/01/01 00:00:03 ERROR ProcessLauncher: java.sql.SQLNonTransientConnectionException: Could not connect to address=(host=db.internal)(port=3306): Communications link failure",
]
FAILED_RUN_OUTPUT_LOG = [
    "2025-01-01 00:00:02 INFO ddbm: Users: run ddbm-test started",
    "2025-01-01 00:00:04 ERROR ddbm: ddb-migrate job for Users failed",
]
_original_start_job_run = GlueResponse.start_job_run


def _driver_log_locations(job, arguments, run_id):
    """(group, stream) of the driver's error and output logs, as Glue names them."""
    version = float(getattr(job, "glue_version", None) or "5.0")
    if version < 5:
        return [("/aws-glue/jobs/error", run_id), ("/aws-glue/jobs/output", run_id)]
    prefix = (arguments.get("--custom-logGroup-prefix") or "/aws-glue/jobs").rstrip("/")
    stream = (arguments.get("--custom-logStream-prefix") or run_id) + "-driver"
    return [(prefix + "/error", stream), (prefix + "/output", stream)]


def _start_job_run(self):
    result = _original_start_job_run(self)
    arguments = self._get_param("Arguments") or {}
    if arguments.get("--ddbm_test_outcome") == "FAILED":
        from moto.logs.models import logs_backends
        from moto.logs.exceptions import ResourceAlreadyExistsException

        logs = logs_backends[self.current_account][self.region]
        job = self.glue_backend.jobs.get(self._get_param("JobName"))
        merged = dict(getattr(job, "default_arguments", None) or {}, **arguments)
        run_id = result.result["JobRunId"]
        now = int(utcnow().timestamp() * 1000)
        locations = _driver_log_locations(job, merged, run_id)
        for (group, stream), lines, offset in zip(locations, [FAILED_RUN_ERROR_LOG, FAILED_RUN_OUTPUT_LOG], [0, 1]):
            try:
                logs.create_log_group(group, {})
            except ResourceAlreadyExistsException:
                pass
            try:
                logs.create_log_stream(group, stream)
            except ResourceAlreadyExistsException:
                pass
            # Interleaved in time across the two groups, as a real driver writes them.
            logs.put_log_events(group, stream, [{"timestamp": now + 2 * i + offset, "message": m} for i, m in enumerate(lines)])
    return result


_original_connection_as_dict = glue_models.FakeConnection.as_dict


def _connection_as_dict(self, hide_password=False):
    result = _original_connection_as_dict(self, hide_password)
    connection_input = self.connection_input or {}
    if connection_input.get("ConnectionType"):
        result["ConnectionType"] = connection_input["ConnectionType"]
    authentication = connection_input.get("AuthenticationConfiguration")
    if authentication:
        result["AuthenticationConfiguration"] = {k: v for k, v in authentication.items() if k in ("AuthenticationType", "SecretArn")}
    if result.get("PhysicalConnectionRequirements") is None:
        result.pop("PhysicalConnectionRequirements", None)
    return result


REJECTED_ACCESS_KEY = "AKIAREJECTEDBYTEST00"
_original_get_caller_identity = TokenResponse.get_caller_identity


def _get_caller_identity(self):
    if f"Credential={REJECTED_ACCESS_KEY}/" in (self.headers.get("Authorization") or ""):
        raise InvalidClientTokenIdError()
    return _original_get_caller_identity(self)


TokenResponse.get_caller_identity = _get_caller_identity
GlueResponse.update_job = _update_job
glue_models.GlueBackend.delete_job = _delete_job
GlueResponse.start_job_run = _start_job_run
glue_models.FakeJobRun.as_dict = _run_as_dict
glue_models.FakeConnection.as_dict = _connection_as_dict

if __name__ == "__main__":
    from moto.server import main

    main(sys.argv[1:])
