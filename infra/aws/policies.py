"""The IAM and KMS policy documents of `infra.aws.provision`: each part's role may use
its own key, its own objects and (the mailer) SES; each key may be used by its own part
only, and administered (never used) by the account."""

from __future__ import annotations

NAMESPACE = "convene"
PARTS = ("cms", "registration", "grievance", "mailer")
SERVICES = ("registration", "grievance", "mailer")  # the parts with a key of their own
USE = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]
ADMINISTER = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
]
# Where in the bucket each part keeps its objects.
# (the erasure ledger is the registration's and the mailer's: each re-applies erasures).
PREFIXES = {
    "cms": ["cms/*"],  # documents and images (django-storages `location`)
    "registration": ["erasures/*"],
    "grievance": ["grievance/*"],  # evidence, also under the grievance key (blobs.py)
    "mailer": ["erasures/*"],
}


def trust_policy(oidc_provider: str, namespace: str, service_account: str) -> dict:
    """Only this Kubernetes service account (EKS IRSA) may assume the role."""
    issuer = oidc_provider.split(":oidc-provider/", 1)[-1]
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Federated": oidc_provider},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": {
                    "StringEquals": {
                        f"{issuer}:sub": f"system:serviceaccount:{namespace}:{service_account}",
                        f"{issuer}:aud": "sts.amazonaws.com",
                    }
                },
            }
        ],
    }


def key_policy(account: str, users: list[str]) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Administration",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                "Action": ADMINISTER,
                "Resource": "*",
            },
            {
                "Sid": "Use",
                "Effect": "Allow",
                "Principal": {"AWS": users},
                "Action": USE,
                "Resource": "*",
            },
        ],
    }


def role_policy(
    part: str, key_arn: str, files_key_arn: str, bucket: str, ses_identity: str
) -> dict:
    statements = [
        {
            "Sid": "OwnObjects",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
            "Resource": [f"arn:aws:s3:::{bucket}/{prefix}" for prefix in PREFIXES[part]],
        },
        {
            "Sid": "FilesKey",
            "Effect": "Allow",
            "Action": ["kms:Decrypt", "kms:GenerateDataKey"],
            "Resource": [files_key_arn],
        },
    ]
    if key_arn:
        statements.append(
            {"Sid": "OwnKey", "Effect": "Allow", "Action": USE, "Resource": [key_arn]}
        )
    if part == "mailer":
        statements.append(
            {
                "Sid": "SendMail",
                "Effect": "Allow",
                "Action": ["ses:SendRawEmail", "ses:SendEmail"],
                "Resource": [ses_identity],
            }
        )
    return {"Version": "2012-10-17", "Statement": statements}
