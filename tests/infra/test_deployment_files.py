"""What can be validated here of infra/ without Docker or a cluster: the Dockerfiles with
hadolint, the compose file against the Compose Specification's schema (check-jsonschema's
copy), the Kubernetes base and production overlay rendered by kubectl's kustomize and
checked against the Kubernetes API schemas (kubernetes-validate) — and that the three
agree with the code: the modules they start exist, every secret they mount is one
`infra.secrets` generates, every setting they pass is one the code reads."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from infra.secrets import generate

ROOT = Path(__file__).resolve().parents[2]
INFRA = ROOT / "infra"
DOCKERFILES = sorted((INFRA / "docker").glob("*.Dockerfile"))
BIN = Path(sys.executable).parent
KUBERNETES_VERSION = "1.31"


@lru_cache(maxsize=1)
def settings_code() -> str:
    sources = [*ROOT.glob("services/**/*.py"), *ROOT.glob("cms/demo/settings/*.py")]
    sources += [ROOT / "cms/wagtail_convene/conf.py"]
    return "\n".join(p.read_text() for p in sources)


def code_reads(name: str) -> bool:
    """Whether the code reads this setting (services: `<PREFIX>_X` or `CONVENE_X` through
    Env, the CMS's settings: the whole name), optionally as `<NAME>_FILE`. `SERVICE` is
    read by the images' start command."""
    bare = name.removesuffix("_FILE")
    short = re.sub(r"^(CONVENE|REGISTRATION|GRIEVANCE|MAILER)_", "", bare)
    text = settings_code()
    if re.fullmatch(r"(CMS|REGISTRATION|GRIEVANCE)_PUBLIC_KEY", short):  # Env.public_key
        return '_PUBLIC_KEY")' in text
    return f'"{bare}"' in text or f'"{short}"' in text or bare == "SERVICE"


def test_dockerfiles_pass_hadolint():
    assert len(DOCKERFILES) == 3  # one per process type: cms, service, worker
    result = subprocess.run(
        [str(BIN / "hadolint"), *map(str, DOCKERFILES)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.stem)
def test_dockerfiles_copy_what_exists_run_as_a_user_and_start_real_modules(dockerfile):
    text = dockerfile.read_text()
    for source in re.findall(r"^COPY (?!--from)(.+) \S+$", text, flags=re.M):
        for path in source.split():
            assert (ROOT / path).exists(), f"{dockerfile.name}: COPY {path}"
    assert re.search(r"^USER 10001$", text, flags=re.M)
    assert "uv sync --frozen --no-dev" in text  # the locked dependencies, no test tools
    command = text.rsplit("CMD", 1)[1]
    if "${SERVICE}" in command:
        module = "wsgi.py" if "wsgi" in command else "worker.py"
        for service in ("registration", "grievance", "mailer"):
            assert (ROOT / "services" / service / module).exists()
    else:
        assert (ROOT / "cms/demo/wsgi.py").exists() and "demo.wsgi" in command


def test_compose_file_follows_the_compose_specification():
    result = subprocess.run(
        [
            str(BIN / "check-jsonschema"),
            "--builtin-schema",
            "vendor.compose-spec",
            str(INFRA / "compose.yaml"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_mounts_only_generated_secrets_and_passes_settings_the_code_reads(tmp_path):
    compose = yaml.safe_load((INFRA / "compose.yaml").read_text())
    generated = set(generate(tmp_path / "secrets"))
    for name, secret in compose["secrets"].items():
        folder, file = secret["file"].removeprefix("./secrets/").split("/")
        assert f"{folder}/{file}" in generated, name
    assert {"registration/keys", "grievance/keys", "mailer/keys"} <= generated
    assert generate(tmp_path / "secrets") == []  # a second run keeps every key
    for name, service in compose["services"].items():
        build = service.get("build")
        if build:
            assert (INFRA / build["context"] / build["dockerfile"]).exists(), name
        mounted = set(service.get("secrets", []))
        for key, value in (service.get("environment") or {}).items():
            if key.endswith("_FILE") and str(value).startswith("/run/secrets/"):
                assert value.removeprefix("/run/secrets/") in mounted, (name, key)
            if not key.startswith("POSTGRES_"):
                assert code_reads(key), f"{name}: {key} is read by nothing"
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./") and not source.startswith(("./secrets", "./tls")):
                assert (INFRA / source).exists(), (name, source)


def part_of(name: str) -> str | None:
    """The part a compose service or Kubernetes object runs (`mailer-worker` → mailer)."""
    for part in ("registration", "grievance", "mailer", "cms"):
        if name == part or name.startswith(f"{part}-"):
            return part
    return None


def test_compose_gives_each_part_its_own_secrets_and_keys_only():
    compose = yaml.safe_load((INFRA / "compose.yaml").read_text())
    files = {name: s["file"] for name, s in compose["secrets"].items()}
    for name, service in compose["services"].items():
        part = part_of(name)
        if part is None:
            continue  # postgres (role passwords), nginx (no secret)
        for secret in service.get("secrets", []):
            assert files[secret].startswith(f"./secrets/{part}/"), (name, secret)
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./secrets/"):
                assert source in (f"./secrets/{part}/keys", "./secrets/public"), (name, source)
    postgres = compose["services"]["postgres"]
    assert all(files[s].startswith("./secrets/postgres/") for s in postgres["secrets"])


def kustomize(folder: Path) -> list[dict]:
    kubectl = shutil.which("kubectl")
    assert kubectl, "kubectl missing: `make test` installs Debian's kubernetes-client"
    rendered = subprocess.run(
        [kubectl, "kustomize", str(folder)], capture_output=True, text=True, check=True
    )
    return [doc for doc in yaml.safe_load_all(rendered.stdout) if doc]


@pytest.fixture(scope="module")
def overlay() -> list[dict]:
    return kustomize(INFRA / "k8s" / "overlays" / "production")


@pytest.mark.parametrize("folder", ["base", "overlays/production"])
def test_kubernetes_manifests_render_and_match_the_api_schemas(folder):
    documents = kustomize(INFRA / "k8s" / folder)
    assert documents
    for document in documents:
        kubernetes_validate.validate(document, KUBERNETES_VERSION, strict=True)


def test_production_overlay_has_what_the_deployment_needs(overlay):
    by_kind: dict[str, dict[str, dict]] = {}
    for document in overlay:
        assert document["metadata"].get("namespace") in (None, "convene")
        by_kind.setdefault(document["kind"], {})[document["metadata"]["name"]] = document
    deployments = by_kind["Deployment"]
    assert set(deployments) == {
        "cms",
        "registration",
        "grievance",
        "mailer",
        "registration-worker",
        "grievance-worker",
        "mailer-worker",
    }
    for name in ("cms", "registration", "grievance", "mailer"):  # web processes autoscale
        hpa = by_kind["HorizontalPodAutoscaler"][name]
        assert hpa["spec"]["scaleTargetRef"]["name"] in deployments
        assert hpa["spec"]["minReplicas"] >= 2
    jobs = by_kind["Job"]
    for service in ("registration", "grievance", "mailer"):
        job = jobs[f"{service}-migrate"]["spec"]["template"]["spec"]
        assert job["containers"][0]["command"][2] == f"services.{service}"
    assert "migrate" in jobs["cms-migrate"]["spec"]["template"]["spec"]["containers"][0]["command"]

    config = by_kind["ConfigMap"]["convene-config"]["data"]
    files = {name.split("/")[-1] for name in generate_names()}
    for key, value in config.items():
        assert code_reads(key), f"{key} is read by nothing"
        if key.endswith("_FILE") and value.startswith("/run/secrets/"):
            assert value.removeprefix("/run/secrets/convene/") in files, key
        if key.endswith("_FILE") and value.startswith("/run/convene/public/"):
            assert f"{value.rsplit('/', 1)[1]}" in files, key
    assert config["CONVENE_KEYRING"] == "kms"
    for service in ("registration", "grievance", "mailer"):
        assert config[f"{service.upper()}_KMS_KEY_ID"].endswith(f"alias/convene-{service}")
    allowed = config["CONVENE_ALLOWED_HOSTS"].split(",")
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        for container in pod["containers"]:
            image = container["image"]  # ours from the registry, others at a fixed version
            assert image.startswith("registry.example.org/convene/") or re.search(
                r":\d+\.\d+", image
            ), name
            resources = container["resources"]
            assert resources["requests"]["memory"] and resources["limits"]["memory"], name
            assert container["securityContext"]["readOnlyRootFilesystem"] is True
            for probe in ("livenessProbe", "readinessProbe"):
                headers = container.get(probe, {}).get("httpGet", {}).get("httpHeaders", [])
                for header in headers:
                    assert header["value"] in allowed, f"{name}: probe Host not allowed"


def generate_names() -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        return generate(Path(folder))


def test_no_pod_mounts_another_parts_secret_or_runs_as_another_parts_account(overlay):
    """Issue 16: each part's pods (web, worker, migration) mount the Secret
    `convene-<part>` and run as the service account `convene-<part>`, whose IAM role is
    that part's own; nothing else."""
    accounts = {d["metadata"]["name"]: d for d in overlay if d["kind"] == "ServiceAccount"}
    assert set(accounts) == {f"convene-{p}" for p in ("cms", "registration", "grievance", "mailer")}
    for name, account in accounts.items():
        role = account["metadata"]["annotations"]["eks.amazonaws.com/role-arn"]
        assert role.endswith(f":role/{name}"), name
    pods = [
        (d["metadata"]["name"], d["spec"]["template"]["spec"])
        for d in overlay
        if d["kind"] in ("Deployment", "Job")
    ]
    assert len(pods) == 11  # 4 web, 3 workers, 4 migrations
    for name, pod in pods:
        part = part_of(name)
        assert pod["serviceAccountName"] == f"convene-{part}", name
        secrets = [v["secret"]["secretName"] for v in pod["volumes"] if "secret" in v]
        secrets += [
            source["secret"]["name"]
            for v in pod["volumes"]
            for source in v.get("projected", {}).get("sources", [])
            if "secret" in source
        ]
        allowed = {f"convene-{part}"} | ({"convene-tls"} if part == "cms" else set())
        assert set(secrets) <= allowed and f"convene-{part}" in secrets, (name, secrets)
        for container in pod["containers"] + pod.get("initContainers", []):
            for source in container.get("envFrom", []):
                assert "secretRef" not in source, name
            for variable in container.get("env", []):
                assert "secretKeyRef" not in variable.get("valueFrom", {}), name
