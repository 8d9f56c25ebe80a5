"""The dependency audit (infra/audit.py): what it fails on, and the audit of uv.lock itself."""

from datetime import date

import pytest

from infra import audit

VULNERABLE = {
    "dependencies": [
        {
            "name": "Jinja2",
            "version": "3.1.2",
            "vulns": [
                {
                    "id": "GHSA-h5c8-rqwp-cp95",
                    "fix_versions": ["3.1.3"],
                    "aliases": ["CVE-2024-22195"],
                }
            ],
        },
        {"name": "flask", "version": "3.1.3", "vulns": []},
    ]
}


def allow(tmp_path, text: str, today=date(2027, 1, 1)):
    path = tmp_path / "audit-allowlist.toml"
    path.write_text(text)
    return audit.load_allowlist(path, today)


def test_a_known_vulnerability_fails_the_audit():
    outcome = audit.judge(VULNERABLE, [])
    assert not outcome.passed and outcome.audited == 2
    assert "VULNERABLE jinja2 3.1.2: GHSA-h5c8-rqwp-cp95 (fixed in 3.1.3)" in audit.describe(
        outcome
    )


def test_an_allowed_vulnerability_passes_with_its_reason(tmp_path):
    entries = allow(
        tmp_path,
        '[[allow]]\nid = "CVE-2024-22195"\npackage = "jinja2"\nreason = "xmlattr unused"\n',
    )
    outcome = audit.judge(VULNERABLE, entries)
    assert outcome.passed and "xmlattr unused" in audit.describe(outcome)


def test_an_allowance_is_for_one_package_and_ends_on_its_date(tmp_path):
    other = allow(tmp_path, '[[allow]]\nid = "CVE-2024-22195"\npackage = "flask"\nreason = "x"\n')
    assert not audit.judge(VULNERABLE, other).passed
    assert audit.judge(VULNERABLE, other).stale == other
    expired = allow(
        tmp_path,
        '[[allow]]\nid = "CVE-2024-22195"\npackage = "jinja2"\nreason = "x"\nuntil = 2026-12-31\n',
    )
    assert expired == [] and not audit.judge(VULNERABLE, expired).passed


@pytest.mark.parametrize("entry", ['id = "X"\npackage = "p"', 'id = "X"\nreason = "r"'])
def test_every_allowance_needs_an_id_a_package_and_a_reason(tmp_path, entry):
    with pytest.raises(audit.AuditError, match="has no"):
        allow(tmp_path, f"[[allow]]\n{entry}\n")


def test_a_package_the_service_did_not_answer_for_fails_the_audit():
    # pip-audit itself exits 0 when PyPI answers 404 for every package: that is no audit.
    report = {"dependencies": [{"name": "alembic", "skip_reason": "Dependency not found on PyPI"}]}
    outcome = audit.judge(report, [])
    assert not outcome.passed and "NOT AUDITED" in audit.describe(outcome)


def test_the_allowlist_of_the_repository_is_well_formed():
    assert all(entry.reason.strip() for entry in audit.load_allowlist())


def test_no_known_vulnerability_in_uv_lock():
    """The real audit, over the network: fails on a vulnerability, and on a package the
    service that answered did not answer for. Skipped, saying why, only when no service
    answered for any package: `make audit` fails then. Each service is probed with one
    request first: running pip-audit over every package to learn that costs a minute."""
    probes = audit.reachable()
    if "ok" not in probes.values():
        pytest.skip(f"dependency audit not possible from this machine: {probes}")
    try:
        outcome = audit.audit()
    except audit.Unreachable as exc:
        pytest.skip(f"dependency audit not possible from this machine: {exc}")
    except audit.AuditError as exc:
        pytest.fail(f"the dependency audit could not run: {exc}")
    assert outcome.passed, audit.describe(outcome)


def test_a_machine_that_reaches_no_service_is_told_so_and_make_audit_fails(monkeypatch):
    """Both services out of reach (an address that refuses connections at once)."""
    reasons = []

    def refused(requirements, output, service):
        reasons.append(service)
        raise audit.AuditError(f"pip-audit could not run ({service}): connection refused")

    monkeypatch.setattr(audit, "run_pip_audit", refused)
    with pytest.raises(audit.Unreachable, match="pypi.*osv"):
        audit.audit()
    assert reasons == ["pypi", "osv"]
    assert audit.main() == 2
