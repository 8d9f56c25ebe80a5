"""Dependency audit: every package pinned in uv.lock against PyPI's vulnerability data.

    python -m infra.audit        (also run by `make test`, tests/infra/test_dependency_audit.py)

The lock file is exported as pinned requirements (`uv export --frozen`) and handed to
pip-audit, which asks a vulnerability service: PyPI's per-release JSON (which carries the
OSV advisories of each release), then OSV if PyPI answered for no package;
`CONVENE_AUDIT_SERVICE=pypi|osv` asks one only.

`make audit` fails on each of these; in `make test` the audit of uv.lock is skipped, with
the services' answers as the reason, when no service answers at all (a machine that
reaches PyPI's package index only, as the workplace's build machines do).

It fails on:
- a known vulnerability, unless `audit-allowlist.toml` lists its id for that package with a
  reason (and, when it has one, an `until` date that has not passed);
- a package the service did not answer for: pip-audit reports such a package as "skipped"
  and exits 0, so without this check an unreachable service would pass the audit silently;
- pip-audit itself failing (no network, a malformed export).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ALLOWLIST = ROOT / "audit-allowlist.toml"


SERVICES = ("pypi", "osv")


class AuditError(Exception):
    """The audit could not be carried out, or its allow-list is malformed."""


class Unreachable(AuditError):
    """No vulnerability service answered for any package (no network to it)."""


@dataclass(frozen=True)
class Allowed:
    id: str
    package: str
    reason: str
    until: date | None = None


@dataclass(frozen=True)
class Finding:
    package: str
    version: str
    id: str
    fix_versions: tuple[str, ...]
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    audited: int
    findings: list[Finding]  # not allowed
    allowed: list[tuple[Finding, Allowed]]
    skipped: dict[str, str]  # package -> why the service could not audit it
    stale: list[Allowed]  # allow-list entries that match nothing any more

    @property
    def passed(self) -> bool:
        return not self.findings and not self.skipped


def load_allowlist(path: Path = ALLOWLIST, today: date | None = None) -> list[Allowed]:
    """Each `[[allow]]` entry needs `id`, `package` and a `reason`; an entry past its
    `until` date no longer allows anything."""
    if not path.exists():
        return []
    today = today or date.today()
    entries = []
    for number, raw in enumerate(tomllib.loads(path.read_text()).get("allow", []), start=1):
        missing = [k for k in ("id", "package", "reason") if not str(raw.get(k, "")).strip()]
        if missing:
            raise AuditError(f"{path.name}: entry {number} has no {', '.join(missing)}")
        until = raw.get("until")
        if until is not None and not isinstance(until, date):
            raise AuditError(f"{path.name}: entry {number}: `until` must be a date (2027-01-31)")
        if until is not None and until < today:
            continue  # expired: the vulnerability fails the audit again
        entries.append(Allowed(raw["id"], canonical(raw["package"]), raw["reason"], until))
    return entries


def canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def judge(report: dict, allowlist: list[Allowed]) -> Outcome:
    """Sort pip-audit's JSON report into findings, allowed findings and skipped packages."""
    findings, allowed, skipped, used = [], [], {}, set()
    audited = 0
    for dependency in report.get("dependencies", []):
        name = canonical(dependency["name"])
        if "skip_reason" in dependency:
            skipped[name] = dependency["skip_reason"]
            continue
        audited += 1
        for vuln in dependency.get("vulns", []):
            finding = Finding(
                name,
                dependency.get("version", ""),
                vuln["id"],
                tuple(vuln.get("fix_versions", [])),
                tuple(vuln.get("aliases", [])),
            )
            ids = {finding.id, *finding.aliases}
            match = next((a for a in allowlist if a.package == name and a.id in ids), None)
            if match is None:
                findings.append(finding)
            else:
                allowed.append((finding, match))
                used.add(match)
    stale = [a for a in allowlist if a not in used]
    return Outcome(audited, findings, allowed, skipped, stale)


def export_requirements(target: Path) -> None:
    """Every group's pinned packages from uv.lock, without hashes (pip-audit reads pins)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "uv",
            "export",
            "--frozen",
            "--no-hashes",
            "--all-groups",
            "--no-emit-project",
            "--quiet",
            "-o",
            str(target),
        ],
        cwd=ROOT,
        check=True,
    )


def run_pip_audit(requirements: Path, output: Path, service: str) -> None:
    pip_audit = Path(sys.executable).with_name("pip-audit")
    done = subprocess.run(
        [
            str(pip_audit),
            "-r",
            str(requirements),
            "--no-deps",  # the export is the whole resolved set already
            "--disable-pip",
            "--vulnerability-service",
            service,
            "--progress-spinner",
            "off",
            "--timeout",
            "20",
            "-f",
            "json",
            "-o",
            str(output),
        ],
        capture_output=True,
        text=True,
    )
    # Exit 1 means "vulnerabilities found" (judged below); anything else, or no report, is
    # an audit that did not happen.
    if done.returncode not in (0, 1) or not output.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise AuditError(f"pip-audit could not run ({service}): " + " | ".join(tail))


# One request each tells whether a service can answer from here at all: PyPI's data for one
# release of one package in uv.lock, and OSV's query endpoint.
PROBES = {
    "pypi": ("GET", "https://pypi.org/pypi/{name}/{version}/json"),
    "osv": ("POST", "https://api.osv.dev/v1/query"),
}


def reachable(timeout: float = 10) -> dict[str, str]:
    """Each service's answer to its probe: "ok", or why not (a status, or the error)."""
    import httpx

    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    first = next(p for p in lock["package"] if p.get("source", {}).get("registry"))
    name, version = first["name"], first["version"]
    answers = {}
    for service, (method, url) in PROBES.items():
        body = None
        if method == "POST":
            body = {"version": version, "package": {"name": name, "ecosystem": "PyPI"}}
        try:
            response = httpx.request(
                method, url.format(name=name, version=version), json=body, timeout=timeout
            )
            answers[service] = "ok" if response.status_code == 200 else str(response.status_code)
        except httpx.HTTPError as exc:
            answers[service] = type(exc).__name__
    return answers


def audit(service: str | None = None, allowlist: list[Allowed] | None = None) -> Outcome:
    """The audit by the first service that answers for any package: `service` (or
    `CONVENE_AUDIT_SERVICE`) alone when given, else PyPI, then OSV. `Unreachable` when
    none answered for a single package; a service that answered for some packages only
    gives an outcome that fails on the others."""
    named = service or os.environ.get("CONVENE_AUDIT_SERVICE")
    allowlist = load_allowlist() if allowlist is None else allowlist
    tried = []
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "requirements.txt"
        export_requirements(requirements)
        for each in [named] if named else SERVICES:
            output = Path(tmp) / f"audit-{each}.json"
            try:
                run_pip_audit(requirements, output, each)
            except AuditError as exc:
                tried.append(str(exc))
                continue
            outcome = judge(json.loads(output.read_text()), allowlist)
            if outcome.audited:
                return outcome
            reasons = sorted(set(outcome.skipped.values()))
            tried.append(f"{each}: no answer for any package ({reasons[0] if reasons else '-'})")
    raise Unreachable("no vulnerability service answered: " + "; ".join(tried))


def describe(outcome: Outcome) -> str:
    lines = [f"{outcome.audited} packages audited"]
    for f in outcome.findings:
        fix = ", ".join(f.fix_versions) or "no fixed version yet"
        lines.append(f"VULNERABLE {f.package} {f.version}: {f.id} (fixed in {fix})")
    for f, a in outcome.allowed:
        lines.append(f"allowed {f.package} {f.version}: {f.id} ({a.reason})")
    if outcome.skipped:
        reasons = sorted(set(outcome.skipped.values()))
        lines.append(
            f"NOT AUDITED: the vulnerability service gave no answer for {len(outcome.skipped)}"
            f" packages ({', '.join(sorted(outcome.skipped)[:8])}...), e.g. {reasons[0]}"
        )
    for a in outcome.stale:
        lines.append(f"stale allow-list entry (matches nothing): {a.package} {a.id}")
    return "\n".join(lines)


def main() -> int:
    try:
        outcome = audit()  # Unreachable fails `make audit`: no answer is no audit
    except (AuditError, subprocess.CalledProcessError) as exc:
        print(f"dependency audit FAILED: {exc}", file=sys.stderr)
        return 2
    print(describe(outcome))
    if not outcome.passed:
        print("dependency audit FAILED", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
