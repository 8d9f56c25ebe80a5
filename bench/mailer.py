"""Mailer benchmark: campaign throughput against raw smtplib, memory, and a 1M-contact import.

1. A campaign of 100,000 recipients in 4 languages to the local SMTP sink
   (`infra.smtp_sink`, a separate process), sent by the mailer's own delivery code;
   baseline in the same run: raw `smtplib` sending of pre-built messages to the same sink.
   Target: ratio >= 0.70; peak memory flat in the number of recipients, under 300 MB.
2. Importing 1,000,000 contacts from 10 overlapping CSV files, with encryption and
   deduplication. Target: under 120 seconds.

Run: `make bench-mailer` (or `python -m bench.mailer [--recipients N] [--contacts N]`).
The last line is `mailer ratio=R peak_mb=M import_seconds=S`.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("en", "fr", "es", "ar")
VERSIONS = {
    "en": {
        "subject": "Regional review update",
        "text": "Dear {{ name }},\n\nNews of the "
        "regional review.\n\nUnsubscribe: {{ unsubscribe_url }}\n",
    },
    "fr": {
        "subject": "Nouvelles de l'examen régional",
        "text": "Bonjour {{ name }},\n\n"
        "Nouvelles de l'examen régional.\n\nDésabonnement : {{ unsubscribe_url }}\n",
    },
    "es": {
        "subject": "Novedades del examen regional",
        "text": "Estimado/a {{ name }}:\n\n"
        "Novedades del examen regional.\n\nBaja: {{ unsubscribe_url }}\n",
    },
    "ar": {
        "subject": "مستجدات الاستعراض الإقليمي",
        "text": "عزيزي {{ name }}،\n\n"
        "مستجدات الاستعراض الإقليمي.\n\nإلغاء الاشتراك: {{ unsubscribe_url }}\n",
    },
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mailer_env(data_dir: Path, smtp_port: int) -> dict:
    return {
        **os.environ,
        "CONVENE_DATA_DIR": str(data_dir),
        "MAILER_DATABASE_URL": f"sqlite:///{data_dir / 'mailer.sqlite3'}",
        "MAILER_SMTP_PORT": str(smtp_port),
        "MAILER_BATCH_SIZE": "500",
        "PYTHONPATH": str(ROOT),
        "CONVENE_GENERATE_KEYS": "1",
    }


def make_app(env: dict):
    subprocess.run(
        [sys.executable, "-m", "flask", "--app", "services.mailer", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    os.environ.update(env)
    from services.mailer import create_app
    from services.mailer.config import Config

    return create_app(Config.from_env(env))


def csv_file(numbers) -> bytes:
    lines = ["email,name,language"]
    lines += [f"person{n}@example.org,Person {n},{LANGUAGES[n % 4]}" for n in numbers]
    return ("\n".join(lines) + "\n").encode()


class Upload(io.BytesIO):
    def __init__(self, data: bytes, filename: str):
        super().__init__(data)
        self.filename = filename


def import_files(app, files: list[bytes]) -> float:
    """Queue every file, then time the worker's import of all of them."""
    from services.common.auth import Claims
    from services.mailer import import_jobs, outreach

    claims = Claims(issuer="bench", subject="bench")
    with app.app_context():
        outreach.upsert_list("all", {"name": "All", "region": ""}, claims)
        for i, data in enumerate(files):
            outreach.create_import(
                {
                    "list": "all",
                    "source_kind": "network_member",
                    "source_name": f"member {i}",
                    "consent_basis": "members' records",
                    "mapping": '{"preferred_language": "language"}',
                },
                Upload(data, f"member-{i}.csv"),
                claims,
            )
        started = time.perf_counter()
        while (job := import_jobs.claim_job()) is not None:
            import_jobs.run_job(job)
        return time.perf_counter() - started


def populate_child(recipients: int, data_dir: Path) -> None:
    """In a child process of its own: import the recipients, so that the campaign
    child's peak memory is the sending's alone."""
    app = make_app(mailer_env(data_dir, 25))
    import_files(app, [csv_file(range(recipients))])


def campaign_child(recipients: int, smtp_port: int, data_dir: Path) -> None:
    """In a child process: create and send the campaign; print rate and peak RSS."""
    app = make_app(mailer_env(data_dir, smtp_port))
    from services.common.auth import Claims
    from services.common.worker import worker_id
    from services.mailer import campaigns
    from services.mailer.deliveries import send_batch
    from services.mailer.senders import sender_from_config

    claims = Claims(issuer="bench", subject="bench")
    with app.app_context():
        campaign = campaigns.create(
            {
                "name": "Bench",
                "kind": "update",
                "event_key": None,
                "event_starts_at": None,
                "late_reason": None,
                "segment": {"lists": ["all"]},
                "versions": VERSIONS,
                "fallback_language": "en",
                "scheduled_at": None,
            },
            claims,
        )
        campaigns.control(campaign.id, "schedule", claims)
        sender = sender_from_config(app.extensions["convene_config"])
        owner = worker_id()
        started = time.perf_counter()
        campaigns.expand(campaigns.get(campaign.id))
        sent = 0
        while (n := send_batch(sender, owner)) > 0:
            sent += n
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"RESULT {sent} {seconds:.3f} {peak_mb:.1f}")


def raw_child(recipients: int, smtp_port: int) -> None:
    """Baseline: the same messages (text, headers, unsubscribe link), pre-built, sent with
    plain smtplib over one connection: what an ideal sender would cost."""
    from email.message import EmailMessage

    built = []
    for n in range(recipients):
        language = LANGUAGES[n % 4]
        version = VERSIONS[language]
        url = f"http://127.0.0.1:8000/newsletter/unsubscribe/{'x' * 48}/"
        message = EmailMessage()
        message["From"] = "Convene <no-reply@convene.localhost>"
        message["To"] = f"person{n}@example.org"
        message["Subject"] = version["subject"]
        message["List-Unsubscribe"] = f"<{url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        message.set_content(
            version["text"]
            .replace("{{ name }}", f"Person {n}")
            .replace("{{ unsubscribe_url }}", url),
            cte="quoted-printable",
        )
        message["Content-Language"] = language
        built.append((message["To"], message.as_bytes()))
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", smtp_port) as smtp:
        for to, data in built:
            smtp.sendmail("no-reply@convene.localhost", [to], data)
    print(f"RESULT {recipients} {time.perf_counter() - started:.3f} 0")


def run_child(kind: str, recipients: int, smtp_port: int) -> tuple[int, float, float]:
    data_dir = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-"))
    if kind == "campaign":
        child("populate", recipients, smtp_port, data_dir)
    out = child(kind, recipients, smtp_port, data_dir)
    line = next(x for x in out.splitlines() if x.startswith("RESULT"))
    sent, seconds, peak = line.split()[1:]
    return int(sent), float(seconds), float(peak)


def child(kind: str, recipients: int, smtp_port: int, data_dir: Path) -> str:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.mailer",
            "--child",
            kind,
            "--recipients",
            str(recipients),
            "--smtp-port",
            str(smtp_port),
            "--data-dir",
            str(data_dir),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return out.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--child", choices=["populate", "campaign", "raw"])
    parser.add_argument("--smtp-port", type=int)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    if args.child == "populate":
        return populate_child(args.recipients, args.data_dir)
    if args.child == "campaign":
        return campaign_child(args.recipients, args.smtp_port, args.data_dir)
    if args.child == "raw":
        return raw_child(args.recipients, args.smtp_port)

    port, mail_dir = free_port(), Path(tempfile.mkdtemp(prefix="bench-mail-"))
    sink = subprocess.Popen(
        [sys.executable, "-m", "infra.smtp_sink", "--port", str(port), "--dir", str(mail_dir)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    time.sleep(1.5)
    try:
        small = max(args.recipients // 10, 1000)
        _n, _s, small_peak = run_child("campaign", small, port)
        sent, seconds, peak = run_child("campaign", args.recipients, port)
        raw_sent, raw_seconds, _ = run_child("raw", args.recipients, port)
    finally:
        sink.terminate()
        sink.wait()
    ours, raw = sent / seconds, raw_sent / raw_seconds
    print(
        f"campaign: {sent} messages in {seconds:.1f} s = {ours:,.0f}/s; peak memory of the "
        f"sending process {peak:.0f} MB ({small:,} recipients: {small_peak:.0f} MB, "
        f"+{peak - small_peak:.0f} MB for {args.recipients - small:,} more)"
    )
    print(f"raw smtplib, pre-built: {raw_sent} messages in {raw_seconds:.1f} s = {raw:,.0f}/s")

    if not args.contacts:
        print(f"mailer ratio={ours / raw:.2f} peak_mb={peak:.0f} import_seconds=skipped")
        return
    per_file = args.contacts // 10
    overlap = per_file // 5
    files = [csv_file(range(max(0, i * per_file - overlap), (i + 1) * per_file)) for i in range(10)]
    rows = sum(f.count(b"\n") - 1 for f in files)
    app = make_app(mailer_env(Path(tempfile.mkdtemp(prefix="bench-import-")), port))
    import_seconds = import_files(app, files)
    from sqlalchemy import func, select

    from services.mailer.extensions import db
    from services.mailer.models import Contact, Provenance

    with app.app_context():
        contacts = db.session.scalar(select(func.count()).select_from(Contact))
        provenances = db.session.scalar(select(func.count()).select_from(Provenance))
    print(
        f"import: {rows:,} rows from 10 files -> {contacts:,} contacts, "
        f"{provenances:,} provenances in {import_seconds:.1f} s"
    )
    print(f"mailer ratio={ours / raw:.2f} peak_mb={peak:.0f} import_seconds={import_seconds:.0f}")


if __name__ == "__main__":
    main()
