"""Create (or check) what Convene uses in an AWS account, idempotently, with boto3:

- a KMS key (alias `alias/<name>`) wrapping every service's data keys;
- a private S3 bucket (public access blocked, SSE-KMS with that key by default,
  versioned so a deleted object can be restored within the retention window);
- the SES sender identity and a configuration set whose bounce and complaint events go
  to an SNS topic, subscribed by the mailer's `/bounces/sns` (HTTPS).

    python -m infra.aws.provision --name convene --bucket convene-files \\
        --from-address no-reply@example.org --bounce-url https://mail.example.org/bounces/sns

Prints the environment the deployment needs. Credentials come from boto3's usual chain;
`--endpoint-url` points it at a stand-in such as moto_server.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

import boto3


@dataclass
class Provisioned:
    kms_key_arn: str
    bucket: str
    configuration_set: str
    topic_arn: str
    subscription_arn: str

    def environment(self) -> dict[str, str]:
        return {
            "CONVENE_KEYRING": "kms",
            "CONVENE_KMS_KEY_ID": self.kms_key_arn,
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

    def key(self, name: str) -> str:
        alias = f"alias/{name}"
        for page in self.kms.get_paginator("list_aliases").paginate():
            for found in page["Aliases"]:
                if found["AliasName"] == alias and found.get("TargetKeyId"):
                    return self.kms.describe_key(KeyId=alias)["KeyMetadata"]["Arn"]
        created = self.kms.create_key(Description=f"{name}: wraps data keys")["KeyMetadata"]
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
                    "Name": "bounces-and-complaints",
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

    def all(self, name, bucket, from_address, bounce_url) -> Provisioned:
        key_arn = self.key(name)
        self.bucket(bucket, key_arn)
        configuration_set, topic, subscription = self.mail(name, from_address, bounce_url)
        return Provisioned(key_arn, bucket, configuration_set, topic, subscription)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--name", default="convene")
    parser.add_argument("--bucket", required=True)
    parser.add_argument("--from-address", required=True)
    parser.add_argument("--bounce-url", required=True, help="the mailer's /bounces/sns, HTTPS")
    parser.add_argument("--region", default="eu-west-1")
    parser.add_argument("--endpoint-url", default=None)
    args = parser.parse_args(argv)
    done = Provisioner(args.region, args.endpoint_url).all(
        args.name, args.bucket, args.from_address, args.bounce_url
    )
    for name, value in done.environment().items():
        print(f"{name}={value}")


if __name__ == "__main__":
    main()
