"""Create (or check) what Convene uses in an AWS account, idempotently, with boto3:

- an IAM role per part (`<name>-cms`, `<name>-registration`, `<name>-grievance`,
  `<name>-mailer`), assumable only by that part's Kubernetes service account (EKS IRSA),
  each allowed only its own key, its own objects and, for the mailer, sending mail;
- a KMS key per service (alias `alias/<name>-<service>`) wrapping that service's data
  keys, whose key policy lets only that service's role use it (the account's
  administrators manage it, and cannot encrypt or decrypt with it);
- a private S3 bucket (public access blocked, SSE-KMS by default with a files key the
  parts that write there may use, versioned so a deleted object can be restored within
  the retention window);
- the SES sender identity and a configuration set whose bounce and complaint events go
  to an SNS topic, subscribed by the mailer's `/bounces/sns` (HTTPS).

    python -m infra.aws.provision --name convene --bucket convene-files \\
        --from-address no-reply@example.org --bounce-url https://mail.example.org/bounces/sns \\
        --oidc-provider "$EKS_OIDC_PROVIDER_ARN"   # the cluster's IAM OIDC provider

Prints the environment the deployment needs. Credentials come from boto3's usual chain;
`--endpoint-url` points it at a stand-in such as moto_server.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field

import boto3

from .policies import NAMESPACE, PARTS, SERVICES, key_policy, role_policy, trust_policy


@dataclass
class Provisioned:
    kms_key_arns: dict[str, str]  # service → its own key
    bucket: str
    configuration_set: str
    topic_arn: str
    subscription_arn: str
    role_arns: dict[str, str] = field(default_factory=dict)  # part → its own role
    files_key_arn: str = ""

    def environment(self) -> dict[str, str]:
        return {
            "CONVENE_KEYRING": "kms",
            **{f"{s.upper()}_KMS_KEY_ID": arn for s, arn in self.kms_key_arns.items()},
            "CONVENE_S3_BUCKET": self.bucket,
            "MAILER_SENDER": "ses",
            "MAILER_SES_CONFIGURATION_SET": self.configuration_set,
            "MAILER_SNS_TOPIC_ARNS": self.topic_arn,
        }


class Provisioner:
    def __init__(self, region: str, endpoint_url: str | None = None):
        def client(name):
            return boto3.client(name, region_name=region, endpoint_url=endpoint_url)

        self.region = region
        self.kms, self.s3, self.sns = client("kms"), client("s3"), client("sns")
        self.ses, self.sesv2 = client("ses"), client("sesv2")
        self.iam, self.sts = client("iam"), client("sts")

    def account(self) -> str:
        return self.sts.get_caller_identity()["Account"]

    def role(self, name: str, part: str, oidc_provider: str) -> str:
        """The part's role, assumable by its service account only (EKS IRSA)."""
        role_name = f"{name}-{part}"
        trust = json.dumps(trust_policy(oidc_provider, NAMESPACE, f"{name}-{part}"))
        try:
            arn = self.iam.get_role(RoleName=role_name)["Role"]["Arn"]
            self.iam.update_assume_role_policy(RoleName=role_name, PolicyDocument=trust)
        except self.iam.exceptions.NoSuchEntityException:
            arn = self.iam.create_role(
                RoleName=role_name,
                AssumeRolePolicyDocument=trust,
                Description=f"Convene {part}: its own key, objects and (mailer) mail only",
            )["Role"]["Arn"]
        return arn

    def allow(self, name: str, part: str, resources: dict) -> None:
        """The part's only rights: what `role_policy` lists for it."""
        self.iam.put_role_policy(
            RoleName=f"{name}-{part}",
            PolicyName=f"{name}-{part}",
            PolicyDocument=json.dumps(role_policy(part, **resources)),
        )

    def key(self, alias_name: str, users: list[str]) -> str:
        """A key whose policy lets the account administer it and `users` use it."""
        alias = f"alias/{alias_name}"
        policy = json.dumps(key_policy(self.account(), users))
        for page in self.kms.get_paginator("list_aliases").paginate():
            for found in page["Aliases"]:
                if found["AliasName"] == alias and found.get("TargetKeyId"):
                    self.kms.put_key_policy(
                        KeyId=found["TargetKeyId"], PolicyName="default", Policy=policy
                    )
                    return self.kms.describe_key(KeyId=alias)["KeyMetadata"]["Arn"]
        created = self.kms.create_key(Description=f"{alias_name}: wraps data keys", Policy=policy)
        created = created["KeyMetadata"]
        self.kms.enable_key_rotation(KeyId=created["KeyId"])  # yearly, old versions kept
        self.kms.create_alias(AliasName=alias, TargetKeyId=created["KeyId"])
        return created["Arn"]

    def bucket(self, bucket: str, key_arn: str) -> str:
        existing = {b["Name"] for b in self.s3.list_buckets().get("Buckets", [])}
        if bucket not in existing:
            self.s3.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": self.region}
            )
        self.s3.put_public_access_block(
            Bucket=bucket,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        self.s3.put_bucket_encryption(
            Bucket=bucket,
            ServerSideEncryptionConfiguration={
                "Rules": [
                    {
                        "ApplyServerSideEncryptionByDefault": {
                            "SSEAlgorithm": "aws:kms",
                            "KMSMasterKeyID": key_arn,
                        },
                        "BucketKeyEnabled": True,
                    }
                ]
            },
        )
        self.s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        return bucket

    def mail(self, name: str, from_address: str, bounce_url: str) -> tuple[str, str, str]:
        identities = self.sesv2.list_email_identities()["EmailIdentities"]
        if from_address not in {i["IdentityName"] for i in identities}:
            self.sesv2.create_email_identity(EmailIdentity=from_address)  # then verify DNS
        topic = self.sns.create_topic(Name=f"{name}-ses-events")["TopicArn"]  # idempotent
        sets = self.ses.list_configuration_sets().get("ConfigurationSets", [])
        if name not in {s["Name"] for s in sets}:
            self.ses.create_configuration_set(ConfigurationSet={"Name": name})
        described = self.ses.describe_configuration_set(
            ConfigurationSetName=name, ConfigurationSetAttributeNames=["eventDestinations"]
        )
        if not described.get("EventDestinations"):
            # SES v2 and v1 share configuration sets; v1's call is the one every SES
            # (and moto_server) supports for an SNS destination.
            self.ses.create_configuration_set_event_destination(
                ConfigurationSetName=name,
                EventDestination={
                    "Name": f"{name}-bounces-and-complaints",  # one per set (moto: per account)
                    "Enabled": True,
                    "MatchingEventTypes": ["bounce", "complaint"],
                    "SNSDestination": {"TopicARN": topic},
                },
            )
        subscriptions = self.sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
        for sub in subscriptions:
            if sub["Endpoint"] == bounce_url:
                return name, topic, sub["SubscriptionArn"]
        protocol = bounce_url.split(":", 1)[0]
        subscribed = self.sns.subscribe(TopicArn=topic, Protocol=protocol, Endpoint=bounce_url)
        return name, topic, subscribed["SubscriptionArn"]

    def all(self, name, bucket, from_address, bounce_url, oidc_provider) -> Provisioned:
        roles = {part: self.role(name, part, oidc_provider) for part in PARTS}
        keys = {service: self.key(f"{name}-{service}", [roles[service]]) for service in SERVICES}
        files_key = self.key(f"{name}-files", list(roles.values()))
        self.bucket(bucket, files_key)
        configuration_set, topic, subscription = self.mail(name, from_address, bounce_url)
        identity = f"arn:aws:ses:{self.region}:{self.account()}:identity/*"
        for part in PARTS:
            self.allow(
                name,
                part,
                {
                    "key_arn": keys.get(part, ""),
                    "files_key_arn": files_key,
                    "bucket": bucket,
                    "ses_identity": identity,
                },
            )
        return Provisioned(
            keys, bucket, configuration_set, topic, subscription, roles, files_key_arn=files_key
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--name", default="convene")
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--from-address", required=True)
    parser.add_argument("--bounce-url", required=True, help="the mailer's /bounces/sns, HTTPS")
    parser.add_argument("--region", default="eu-west-1")
    parser.add_argument("--endpoint-url", default=None)
    parser.add_argument(
        "--oidc-provider", required=True, help="the EKS cluster's IAM OIDC provider ARN"
    )
    args = parser.parse_args(argv)
    done = Provisioner(args.region, args.endpoint_url).all(
        args.name, args.bucket, args.from_address, args.bounce_url, args.oidc_provider
    )
    for name, value in done.environment().items():
        print(f"{name}={value}")
    for part, arn in done.role_arns.items():  # the overlay's service-account annotations
        print(f"# service account {args.name}-{part}: eks.amazonaws.com/role-arn={arn}")


if __name__ == "__main__":
    main()
