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
  leaves lines in CloudWatch Logs, group ``/aws-glue/jobs/error``, stream = the run id, as
  Glue's continuous logging does.
"""
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


_original_as_dict = glue_models.FakeJobRun.as_dict


def _run_as_dict(self):
    result = _original_as_dict(self)
    outcome = (self.arguments or {}).get("--ddbm_test_outcome")
    if outcome == "FAILED" and result.get("JobRunState") == "SUCCEEDED":
        result["JobRunState"] = "FAILED"
        result["ErrorMessage"] = "An error occurred while calling o123.pyWriteDynamicFrame: simulated failure"
    return result


FAILED_RUN_LOG = [
    "INFO ddbm: Users: reading ddb_users_view in 8 ranges",
    "ERROR ddbm: java.sql.SQLNonTransientConnectionException: Could not connect to address=(host=db.internal)(port=3306): Communications link failure",
    "ERROR ddbm: ddb-migrate job for Users failed",
]
_original_start_job_run = GlueResponse.start_job_run


def _start_job_run(self):
    result = _original_start_job_run(self)
    arguments = self._get_param("Arguments") or {}
    if arguments.get("--ddbm_test_outcome") == "FAILED":
        from moto.logs.models import logs_backends
        from moto.logs.exceptions import ResourceAlreadyExistsException

        logs = logs_backends[self.current_account][self.region]
        group = "/aws-glue/jobs/error"
        try:
            logs.create_log_group(group, {})
        except ResourceAlreadyExistsException:
            pass
        run_id = result.result["JobRunId"]
        logs.create_log_stream(group, run_id)
        now = int(utcnow().timestamp() * 1000)
        logs.put_log_events(group, run_id, [{"timestamp": now + i, "message": m} for i, m in enumerate(FAILED_RUN_LOG)])
    return result


REJECTED_ACCESS_KEY = "AKIAREJECTEDBYTEST00"
_original_get_caller_identity = TokenResponse.get_caller_identity


def _get_caller_identity(self):
    if f"Credential={REJECTED_ACCESS_KEY}/" in (self.headers.get("Authorization") or ""):
        raise InvalidClientTokenIdError()
    return _original_get_caller_identity(self)


TokenResponse.get_caller_identity = _get_caller_identity
GlueResponse.update_job = _update_job
GlueResponse.start_job_run = _start_job_run
glue_models.FakeJobRun.as_dict = _run_as_dict

if __name__ == "__main__":
    from moto.server import main

    main(sys.argv[1:])
