"""Every fenced shell command in the generated runbooks (generated/*/docs/*.md) is one the tools
accept, as written:

- ``aws <service> <operation> ...``: the operation exists in botocore's service model (the AWS
  CLI names it by the kebab-case of the operation name), every ``--option`` is a member of its
  input shape (kebab-case) or one of the CLI's global options, every required member is given
  (or ``--cli-input-json`` is), enum and integer values are valid; a ``--cli-input-json
  file://...`` file exists in the generated directory and validates against the input shape. A
  command whose values are all concrete (no placeholder, no shorthand syntax) is turned into the
  operation's parameters as the CLI turns it (``cli_parameters``: JSON for a list or structure)
  and validated the same way: the alarms' ``put-metric-alarm`` commands carry whole definitions.
- ``ddb-migrate <sub> ...``: the subcommand exists and every flag is one its ``--help`` lists
  (the built binary is run).

UPPER_CASE words (``RUN_ID``, ``BACKUP_ARN``, ``RUN_STARTED_AT``, ...) are placeholders the
runbooks explain; their values are not checked, their options are.
"""

import functools
import glob
import json
import os
import re
import shlex
import subprocess

import botocore.session
import pytest
from botocore import xform_name
from botocore.validate import validate_parameters

from e2e_support import REPO, ddbm_binary

FENCE = re.compile(r"^\s*```")
PLACEHOLDER = re.compile(r"[A-Z][A-Z0-9_]{2,}")
# The AWS CLI's name for a service when it is not botocore's.
CLI_SERVICES = {"s3api": "s3"}
# Global options of the AWS CLI (aws help, "GLOBAL OPTIONS") with whether they take a value.
GLOBAL_OPTIONS = {"--region": True, "--output": True, "--query": True, "--profile": True,
                  "--endpoint-url": True, "--cli-input-json": True, "--no-cli-pager": False,
                  "--debug": False, "--no-paginate": False}
PAGINATION_OPTIONS = {"--max-items": True, "--starting-token": True, "--page-size": True}


def fenced_commands():
    """(id, generated dir, words) for every command line inside a fenced block of a runbook."""
    found = []
    for path in sorted(glob.glob(os.path.join(REPO, "generated", "*", "docs", "*.md"))):
        root = os.path.dirname(os.path.dirname(path))
        inside, pending, start = False, "", 0
        with open(path, encoding="utf-8") as f:
            for number, line in enumerate(f, 1):
                if FENCE.match(line):
                    inside = not inside
                    continue
                text = line.strip()
                if not inside or (not pending and (not text or text.startswith("#"))):
                    continue
                if not pending:
                    start = number
                if text.endswith("\\"):
                    pending += text[:-1] + " "
                    continue
                command, pending = pending + text, ""
                ident = f"{os.path.relpath(path, os.path.join(REPO, 'generated'))}:{start}"
                found.append(pytest.param(root, shlex.split(command), id=ident))
    return found


COMMANDS = fenced_commands()


def test_the_runbooks_have_commands():
    # Every generated directory has the runbooks, and each runbook has fenced commands.
    dirs = sorted(glob.glob(os.path.join(REPO, "generated", "*")))
    assert dirs
    for d in dirs:
        for doc in ("operations", "rollback", "disaster-recovery", "dead-letters", "capacity", "cleanup",
                    "maintenance", "cost"):
            ids = [p.id for p in COMMANDS if p.id.startswith(f"{os.path.basename(d)}/docs/{doc}.md:")]
            assert ids, f"{d}/docs/{doc}.md has no fenced command"


@functools.lru_cache(maxsize=None)
def service_model(cli_service):
    return botocore.session.get_session().get_service_model(CLI_SERVICES.get(cli_service, cli_service))


@functools.lru_cache(maxsize=None)
def paginated(cli_service, operation):
    session = botocore.session.get_session()
    try:
        model = session.get_paginator_model(CLI_SERVICES.get(cli_service, cli_service))
    except Exception:  # noqa: BLE001 - a service without paginators
        return False
    return model.get_paginator(operation) is not None if operation in model._paginator_config else False


def kebab(name):
    return xform_name(name, "-")


def options_of(shape):
    """--kebab-name -> (member name, member shape); booleans also as --no-kebab-name."""
    out = {}
    for name, member in shape.members.items():
        out["--" + kebab(name)] = (name, member)
        if member.type_name == "boolean":
            out["--no-" + kebab(name)] = (name, member)
    return out


def check_scalar(member, value, where):
    # An enum slot is never a placeholder (and enum values look like placeholders: PAY_PER_REQUEST).
    if member.type_name == "string" and member.enum:
        assert value in member.enum, f"{where}: {value!r} is not one of {member.enum}"
    if PLACEHOLDER.search(value):
        return
    if member.type_name in ("integer", "long"):
        assert re.fullmatch(r"-?[0-9]+", value), f"{where}: {value!r} is not an integer"


def python_pattern(pattern):
    """A service model's pattern (Java's regex syntax) for Python's re: Java names the characters
    beyond U+FFFF by their UTF-16 surrogate pairs (Glue's names: ``\\uD800\\uDC00-\\uDBFF\\uDFFF``,
    U+10000 to U+10FFFF), which re reads as a reversed range."""
    return pattern.replace("\\uD800\\uDC00-\\uDBFF\\uDFFF", "\\U00010000-\\U0010FFFF")


def validate_json(shape, value, where):
    """A --cli-input-json document against the input shape, as strictly as the service would."""
    t = shape.type_name
    if t == "structure":
        assert isinstance(value, dict), f"{where}: expected an object"
        unknown = set(value) - set(shape.members)
        assert not unknown, f"{where}: unknown members {sorted(unknown)}"
        missing = set(shape.required_members) - set(value)
        assert not missing, f"{where}: required members missing {sorted(missing)}"
        for k, v in value.items():
            validate_json(shape.members[k], v, f"{where}.{k}")
    elif t == "list":
        assert isinstance(value, list), f"{where}: expected a list"
        bounds = shape.metadata
        assert len(value) >= bounds.get("min", 0) and len(value) <= bounds.get("max", len(value)), f"{where}: length"
        for i, v in enumerate(value):
            validate_json(shape.member, v, f"{where}[{i}]")
    elif t == "map":
        assert isinstance(value, dict), f"{where}: expected a map"
        for k, v in value.items():
            validate_json(shape.key, k, f"{where} key")
            validate_json(shape.value, v, f"{where}.{k}")
    elif t == "string":
        assert isinstance(value, str), f"{where}: expected a string"
        if shape.enum:
            assert value in shape.enum, f"{where}: {value!r} is not one of {shape.enum}"
        m = shape.metadata
        assert m.get("min", 0) <= len(value) <= m.get("max", len(value)), f"{where}: length {len(value)}"
        if "pattern" in m:
            assert re.fullmatch(python_pattern(m["pattern"]), value), f"{where}: {value!r} does not match {m['pattern']}"
    elif t in ("integer", "long"):
        assert isinstance(value, int) and not isinstance(value, bool), f"{where}: expected an integer"
        m = shape.metadata
        assert m.get("min", value) <= value <= m.get("max", value), f"{where}: {value} out of range"
    elif t in ("double", "float"):
        assert isinstance(value, (int, float)) and not isinstance(value, bool), f"{where}: expected a number"
    elif t == "boolean":
        assert isinstance(value, bool), f"{where}: expected a boolean"
    elif t == "timestamp":
        assert isinstance(value, (str, int, float)), f"{where}: expected a timestamp"
    else:
        raise AssertionError(f"{where}: no check for shape type {t}")


def parse_options(shape, words, extra, where, operation):
    """The words after ``aws SERVICE OPERATION`` as the CLI reads them: each input member's option
    with its values (one word for a scalar, the words up to the next option for a list, none for
    a boolean), the global options (``extra``: whether each takes a value) with theirs, and the
    positional words. An option that is neither is an error."""
    members = options_of(shape) if shape is not None else {}
    options, global_options, positional = [], {}, []
    i = 0
    while i < len(words):
        w = words[i]
        i += 1
        if not w.startswith("--"):
            positional.append(w)
            continue
        if w in members:
            name, member = members[w]
            values = []
            if member.type_name != "boolean":
                while i < len(words) and not words[i].startswith("--"):
                    values.append(words[i])
                    i += 1
                    if member.type_name != "list":
                        break
                assert values, f"{w} needs a value"
            options.append((w, name, member, values))
            continue
        assert w in extra, f"{where}: {w} is neither a member of {operation}'s input nor a global option"
        if extra[w]:
            assert i < len(words), f"{w} needs a value"
            global_options[w] = words[i]
            i += 1
        else:
            global_options[w] = None
    return options, global_options, positional


def cli_parameters(options):
    """The operation's parameters from its options (``parse_options``), as the AWS CLI builds them
    ("Specifying parameter values for the AWS CLI",
    https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-parameters.html): a string as it
    is, a number parsed, a boolean from the option or its ``--no-`` form, a list or structure
    from JSON text, a list of strings from its words. None when a value is a placeholder or
    shorthand syntax (``Name=x,Value=y``), which this does not parse."""
    params = {}
    for option, name, member, values in options:
        if member.type_name == "boolean":
            params[name] = not option.startswith("--no-")
            continue
        if any(PLACEHOLDER.fullmatch(v) for v in values) and not (member.type_name == "string" and member.enum):
            return None
        t = member.type_name
        if t in ("list", "structure", "map") and len(values) == 1 and values[0][:1] in ("[", "{"):
            params[name] = json.loads(values[0])
        elif t == "list" and member.member.type_name == "string":
            params[name] = values
        elif t in ("list", "structure", "map"):
            return None
        elif t in ("integer", "long"):
            params[name] = int(values[0])
        elif t in ("double", "float"):
            params[name] = float(values[0])
        else:
            params[name] = values[0]
    return params


def check_aws(root, words):
    assert len(words) >= 3, f"an aws command needs a service and an operation: {words}"
    cli_service, cli_operation = words[1], words[2]
    model = service_model(cli_service)
    operations = {kebab(name): name for name in model.operation_names}
    assert cli_operation in operations, f"aws {cli_service} has no operation {cli_operation}"
    op = model.operation_model(operations[cli_operation])
    shape = op.input_shape
    extra = dict(GLOBAL_OPTIONS)
    if paginated(cli_service, op.name):
        extra.update(PAGINATION_OPTIONS)
    # A streaming output (S3 GetObject) takes the file to write as one positional argument.
    streaming_out = op.output_shape is not None and any(
        m.serialization.get("streaming") or m.type_name == "blob" and m.metadata.get("streaming")
        for m in op.output_shape.members.values())
    options, global_options, positional = parse_options(shape, words[3:], extra, f"aws {cli_service} {cli_operation}", op.name)
    given = {name for _, name, _, _ in options}
    for option, _, member, values in options:
        for v in values:
            target = member.member if member.type_name == "list" else member
            if target.type_name in ("string", "integer", "long") and "=" not in v:
                check_scalar(target, v, option)
    cli_input = global_options.get("--cli-input-json")
    assert len(positional) <= (1 if streaming_out else 0), f"unexpected positional arguments {positional}"
    if streaming_out:
        assert positional, f"aws {cli_service} {cli_operation} needs the output file"
    if cli_input is not None:
        assert cli_input.startswith("file://"), f"--cli-input-json {cli_input}: only file:// inputs are generated"
        path = os.path.join(root, cli_input[len("file://"):])
        assert os.path.isfile(path), f"{cli_input}: no such file in {os.path.relpath(root, REPO)}"
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        validate_json(shape, document, cli_input)
        # And botocore's own client-side validation, as the CLI runs it before sending.
        validate_parameters(document, shape)
        given |= set(document)
    if cli_input is None and shape is not None:
        params = cli_parameters(options)
        if params is not None:
            where = f"aws {cli_service} {cli_operation}"
            validate_json(shape, params, where)
            validate_parameters(params, shape)
    missing = set(shape.required_members if shape is not None else []) - given
    assert not missing, f"aws {cli_service} {cli_operation}: required {sorted(missing)} not given"


def ddbm_help(*args):
    done = subprocess.run([ddbm_binary(), *args, "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"ddb-migrate {' '.join(args)} --help exited {done.returncode}: {done.stderr.strip()}"
    return done.stdout


@functools.lru_cache(maxsize=None)
def ddbm_subcommands():
    """The names the binary's own help lists under SUBCOMMANDS (an unknown name is not an error
    there: ArgumentParser takes it for the default command's argument and prints the root help)."""
    listing = ddbm_help().split("SUBCOMMANDS:", 1)[1]
    return set(re.findall(r"^  ([a-z][a-z0-9-]*)  ", listing, re.M))


@functools.lru_cache(maxsize=None)
def ddbm_flags(sub):
    assert sub in ddbm_subcommands(), f"ddb-migrate has no subcommand {sub!r} (it has {sorted(ddbm_subcommands())})"
    text = ddbm_help(sub)
    assert f"USAGE: ddb-migrate {sub}" in text, f"ddb-migrate {sub} --help is not its own help"
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", text))


def check_ddbm(words):
    assert len(words) >= 2, "ddb-migrate needs a subcommand"
    flags = ddbm_flags(words[1])
    for w in words[2:]:
        if w.startswith("--"):
            assert w.split("=", 1)[0] in flags, f"ddb-migrate {words[1]} has no flag {w} (its --help lists {sorted(flags)})"


@pytest.mark.parametrize("root,words", COMMANDS)
def test_command(root, words):
    if words[0] == "aws":
        check_aws(root, words)
    elif words[0] == "ddb-migrate":
        check_ddbm(words)
    else:
        pytest.fail(f"a runbook command must be aws or ddb-migrate: {words}")


def alarm_commands():
    """(generated dir, PutMetricAlarm parameters) of every put-metric-alarm command the runbooks print."""
    shape = service_model("cloudwatch").operation_model("PutMetricAlarm").input_shape
    found = []
    for p in COMMANDS:
        root, words = p.values
        if words[:3] == ["aws", "cloudwatch", "put-metric-alarm"]:
            options, _, _ = parse_options(shape, words[3:], GLOBAL_OPTIONS, "aws cloudwatch put-metric-alarm", "PutMetricAlarm")
            found.append((root, cli_parameters(options)))
    return found


def test_every_table_has_its_alarms_commands():
    # Each table of each generated directory: the alarms of its manifest's tables, each name once
    # (the one printed with --alarm-actions is the same alarm again), with a whole definition.
    commands = alarm_commands()
    for d in sorted(glob.glob(os.path.join(REPO, "generated", "*"))):
        with open(os.path.join(d, "manifest.json"), encoding="utf-8") as f:
            jobs = [job["name"] for job in json.load(f)["jobs"]]
        names = {params["AlarmName"] for root, params in commands if root == d}
        for job in jobs:
            assert {f"{job}-run-failed", f"{job}-dead-letters", f"{job}-write-throttles", f"{job}-system-errors"} <= names, job
        assert not glob.glob(os.path.join(d, "docs", "alarms")), f"{d}: the alarms are commands, not files"


# The checker itself must refuse what AWS would: these are the mistakes it exists to catch.
@pytest.mark.parametrize("words,message", [
    ("aws dynamodb restore-table-to-point-in-time --region us-east-1 --source-table-name T", "required"),
    ("aws dynamodb describe-tables --region us-east-1 --table-name T", "no operation"),
    ("aws dynamodb describe-table --region us-east-1 --table T", "neither a member"),
    ("aws dynamodb update-table --region us-east-1 --table-name T --billing-mode ON_DEMAND", "not one of"),
    ("aws glue get-job-runs --region us-east-1 --job-name J --max-results five", "not an integer"),
    ("aws s3api get-object --region us-east-1 --bucket B --key K", "output file"),
    ("aws cloudwatch put-metric-alarm --region us-east-1 --cli-input-json file://docs/alarms/none.json", "no such file"),
    ("aws cloudwatch put-metric-alarm --region us-east-1 --alarm-name a --evaluation-periods 1 "
     "--comparison-operator GreaterThan", "not one of"),
    ("aws cloudwatch put-metric-alarm --region us-east-1 --alarm-name a --evaluation-periods 1 "
     "--comparison-operator GreaterThanThreshold --dimensions '[{\"Name\":\"Table\"}]'", "required members missing"),
    ("aws cloudwatch put-metric-alarm --region us-east-1 --alarm-name a --evaluation-periods 1 "
     "--comparison-operator GreaterThanThreshold --period 0", "out of range|valid range"),
])
def test_the_checker_refuses(words, message):
    with pytest.raises(AssertionError, match=message):
        check_aws(REPO, shlex.split(words))


def test_the_checker_validates_alarm_documents(tmp_path):
    alarm = {"AlarmName": "a", "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThan", "Statistic": "Sum"}
    (tmp_path / "a.json").write_text(json.dumps(alarm))
    with pytest.raises(AssertionError, match="not one of"):
        check_aws(str(tmp_path), shlex.split("aws cloudwatch put-metric-alarm --cli-input-json file://a.json"))
    alarm.update({"ComparisonOperator": "GreaterThanThreshold", "Periods": 1})
    (tmp_path / "a.json").write_text(json.dumps(alarm))
    with pytest.raises(AssertionError, match="unknown members"):
        check_aws(str(tmp_path), shlex.split("aws cloudwatch put-metric-alarm --cli-input-json file://a.json"))


def test_the_checker_refuses_unknown_ddbm_flags():
    with pytest.raises(AssertionError, match="no flag --nope"):
        check_ddbm(["ddb-migrate", "status", ".", "--nope"])
    with pytest.raises(AssertionError, match="no subcommand"):
        check_ddbm(["ddb-migrate", "no-such-command"])


def test_the_alarm_commands_are_accepted_by_the_cloudwatch_stand_in(moto_endpoint):
    # Applied as the runbook says (PutMetricAlarm with the command's options), then read back whole.
    import boto3
    cloudwatch = boto3.client("cloudwatch", endpoint_url=moto_endpoint, region_name="us-east-1")
    commands = alarm_commands()
    assert commands
    for root, params in commands:
        where = f"{os.path.relpath(root, REPO)}: {params['AlarmName']}"
        cloudwatch.put_metric_alarm(**params)
        [alarm] = cloudwatch.describe_alarms(AlarmNames=[params["AlarmName"]])["MetricAlarms"]
        for key in ("AlarmDescription", "Namespace", "MetricName", "Dimensions", "Statistic", "Period", "EvaluationPeriods",
                    "DatapointsToAlarm", "ComparisonOperator", "TreatMissingData", "ActionsEnabled"):
            assert alarm[key] == params[key], f"{where}: {key}"
        assert alarm["Threshold"] == params["Threshold"] and alarm["StateValue"] in ("INSUFFICIENT_DATA", "OK"), where
