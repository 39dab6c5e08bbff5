"""The IAM policies ``generate`` writes pass parliament (the IAM policy linter), with its community
auditors too. parliament's CLI refuses ``--file`` without a terminal (as under CI), so the policies
go through ``parliament.analyze_policy_string`` and its ``.findings``.

Every finding must be on the allow-list below, which names why it is not a defect.
"""

import glob
import json
import os

import parliament
import pytest

from conftest import REPO
from e2e_support import ddbm

#: (policy file name, finding issue) → why the finding is expected.
ALLOWED = {
    ("trust-policy.json", "MALFORMED"):
        "a role's trust policy is a resource-based policy: it names a Principal and, by IAM's "
        "grammar, has no Resource; parliament reads every document as an identity policy and "
        "reports 'Statement contains neither Resource nor NotResource'",
}

CASES = {
    "modernizer": ["--config", os.path.join(REPO, "contracts", "modernizer", "config.json")],
    "coverage": [],
}


@pytest.mark.parametrize("contract", sorted(CASES))
def test_generated_policies_pass_parliament(contract, tmp_path):
    root = os.path.join(REPO, "contracts", contract)
    out = tmp_path / "out"
    ddbm("generate", os.path.join(root, "contract.json"), "--schema", os.path.join(root, "schema.json"),
         "--dialect", "mariadb", "--out", str(out), *CASES[contract])
    policies = sorted(glob.glob(str(out / "iam" / "*.json")))
    assert len(policies) == 2, policies  # the Glue role's permissions and its trust policy

    unexplained = []
    for path in policies:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        json.loads(text)  # parliament would report broken JSON as a finding; fail plainly instead
        name = os.path.basename(path)
        if name != "trust-policy.json":
            permissions = json.loads(text)
            assert all(s["Effect"] == "Allow" and "*" not in s["Action"] for s in permissions["Statement"])
        analyzed = parliament.analyze_policy_string(text, include_community_auditors=True)
        for finding in analyzed.findings:
            if (name, finding.issue) not in ALLOWED:
                unexplained.append(f"{name}: {finding.issue}: {finding.detail} at {finding.location}")
    assert not unexplained, "parliament findings without an explanation:\n" + "\n".join(unexplained)
