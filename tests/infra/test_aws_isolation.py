"""Each part's AWS rights are its own (issue 16, path 2), provisioned by
`infra.aws.provision` against moto_server: a KMS key per service whose key policy lets only
that service's role use it, and roles that name only their own key and objects."""

from __future__ import annotations

import json
import os
import secrets
from unittest import mock

import pytest

from infra.aws.policies import ADMINISTER, PARTS, SERVICES, USE
from infra.aws.provision import Provisioner

OIDC = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/TEST"
AWS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def provisioned(moto):
    name = f"cv{secrets.token_hex(3)}"
    with mock.patch.dict(os.environ, AWS):
        provisioner = Provisioner("eu-west-1", moto.url)
        done = provisioner.all(
            name, f"{name}-files", "no-reply@example.org", "https://m.example.org/b", OIDC
        )
        again = provisioner.all(  # idempotent: the same keys and roles
            name, f"{name}-files", "no-reply@example.org", "https://m.example.org/b", OIDC
        )
    assert again.kms_key_arns == done.kms_key_arns and again.role_arns == done.role_arns
    return name, done


def statements(document) -> dict:
    if isinstance(document, str):
        document = json.loads(document)
    return {s["Sid"]: s for s in document["Statement"]}


def test_each_services_key_is_used_by_its_own_role_only(provisioned, moto):
    name, done = provisioned
    kms = moto.client("kms")
    assert set(done.kms_key_arns) == set(SERVICES)
    assert len(set(done.kms_key_arns.values())) == 3  # three keys, not one
    for service, arn in done.kms_key_arns.items():
        policy = statements(kms.get_key_policy(KeyId=arn, PolicyName="default")["Policy"])
        assert policy["Use"]["Principal"]["AWS"] == [done.role_arns[service]]
        assert sorted(policy["Use"]["Action"]) == sorted(USE)
        # The account administers the key; it cannot encrypt or decrypt with it.
        assert policy["Administration"]["Action"] == ADMINISTER
        assert not {"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"} & set(ADMINISTER)


def test_each_role_names_only_its_own_key_and_is_assumed_by_its_own_account(provisioned, moto):
    name, done = provisioned
    iam = moto.client("iam")
    assert set(done.role_arns) == set(PARTS)
    for part in PARTS:
        role = iam.get_role(RoleName=f"{name}-{part}")["Role"]
        trust = role["AssumeRolePolicyDocument"]
        trust = json.loads(trust) if isinstance(trust, str) else trust
        condition = trust["Statement"][0]["Condition"]["StringEquals"]
        assert f"system:serviceaccount:convene:{name}-{part}" in condition.values()
        policy = iam.get_role_policy(RoleName=f"{name}-{part}", PolicyName=f"{name}-{part}")
        granted = statements(policy["PolicyDocument"])
        own = done.kms_key_arns.get(part)
        named = {arn for arn in done.kms_key_arns.values() if arn in json.dumps(granted)}
        assert named == ({own} if own else set()), part
        assert ("SendMail" in granted) == (part == "mailer")
        for resource in granted["OwnObjects"]["Resource"]:
            assert resource.startswith(f"arn:aws:s3:::{name}-files/")
