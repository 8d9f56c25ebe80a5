"""Issue 17, section 2: reporters are not locked out. A flood of wrong receipt codes slows
down only wrong codes; failures are counted exactly under concurrency; codes have at least
128 bits from an alphabet without look-alikes, typed back in any case with or without
separators; and the codes issued before (25 digits) keep opening their cases."""

import secrets
import statistics
import threading
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from services.common.crypto import passphrase
from services.grievance import cases, receipts
from services.grievance.extensions import db
from services.grievance.models import FailedCheck

from .conftest import cms, grievance, reprisal

LIMIT = 5  # failed_checks_per_minute in this folder's app fixture


def access(client, code: str):
    return client.post("/cases/access", json={"code": code}, headers=cms())


def timed_access(client, code: str) -> float:
    started = time.perf_counter()
    opened = access(client, code)
    elapsed = time.perf_counter() - started
    assert opened.status_code == 200, opened.get_json()
    return elapsed


def wrong_code() -> str:
    return receipts.new_code()  # well formed, and (2^-150) nobody's


def test_a_flood_of_wrong_codes_neither_refuses_nor_delays_a_valid_one(client, desk):
    code = client.post("/grievances", json=grievance(), headers=cms()).get_json()["code"]
    before = statistics.median(timed_access(client, code) for _ in range(5))
    answers = [access(client, wrong_code()).status_code for _ in range(6 * LIMIT)]
    assert answers == [404] * LIMIT + [429] * 5 * LIMIT  # only the wrong codes are slowed
    after = [timed_access(client, code) for _ in range(5)]  # each one 200 (timed_access)
    # Not delayed: as fast as before the flood, give or take a shared machine's noise.
    assert statistics.median(after) < 3 * before + 0.1, (before, after)
    assert access(client, wrong_code()).status_code == 429  # and the flood still counts


@pytest.fixture
def one_minute(monkeypatch):
    """Every check in the same minute, so the counter has one row to race on."""
    now = datetime.now(UTC).replace(second=30)
    monkeypatch.setattr(cases, "utcnow", lambda: now)
    return now


def test_concurrent_wrong_codes_are_each_counted_exactly_once(app, client, desk, one_minute):
    threads, barrier = 24, threading.Barrier(24)
    answers: list[int] = []

    def guess():
        barrier.wait()
        answers.append(access(app.test_client(), wrong_code()).status_code)

    workers = [threading.Thread(target=guess) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(answers) == [404] * LIMIT + [429] * (threads - LIMIT)
    with app.app_context():
        assert db.session.scalar(select(func.sum(FailedCheck.count))) == threads
        assert db.session.scalar(select(func.count()).select_from(FailedCheck)) == 1


def test_codes_have_at_least_128_bits_from_an_alphabet_without_look_alikes():
    assert len(set(receipts.ALPHABET)) == len(receipts.ALPHABET) == 32  # 5 bits a symbol
    assert not set("ILOU") & set(receipts.ALPHABET)
    assert receipts.LENGTH * 5 >= 128
    codes = [receipts.new_code() for _ in range(400)]
    for code in codes:
        groups = code.split(" ")
        assert [len(g) for g in groups] == [receipts.GROUP] * receipts.GROUPS
        assert set("".join(groups)) <= set(receipts.ALPHABET)
    assert set("".join(codes).replace(" ", "")) == set(receipts.ALPHABET)  # all in use
    assert len(set(codes)) == len(codes)


CYRILLIC = str.maketrans("ABEKMHPCTX", "АВЕКМНРСТХ")


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),
        lambda code: code.replace(" ", ""),
        lambda code: code.replace(" ", "").lower(),
        lambda code: code.replace(" ", "-"),
        lambda code: code.replace(" ", " - ").lower(),
        lambda code: f"\n{code.replace(' ', chr(10))}\n",
        lambda code: code.replace("0", "O").replace("1", "l"),  # read as letters
        lambda code: "".join(chr(ord(c) + 0xFEE0) if c != " " else c for c in code),
        lambda code: code.translate(CYRILLIC),  # the same shapes on a Russian keyboard
    ],
    ids=[
        "lower",
        "no-separators",
        "lower-no-separators",
        "hyphens",
        "hyphens-and-spaces",
        "wrapped",
        "look-alikes",
        "full-width",
        "cyrillic",
    ],
)
def test_a_code_is_accepted_in_any_case_with_or_without_separators(client, desk, typed):
    code = client.post("/grievances", json=grievance(), headers=cms()).get_json()["code"]
    opened = access(client, typed(code))
    assert opened.status_code == 200, opened.get_json()


def test_a_code_missing_a_group_is_refused_without_counting(app, client, desk):
    code = client.post("/grievances", json=grievance(), headers=cms()).get_json()["code"]
    cut = access(client, code.rsplit(" ", 1)[0])
    assert cut.status_code == 422 and "6 groups of 5" in cut.get_json()["message"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(FailedCheck)) == 0


def legacy_new_code() -> str:
    """How codes were issued before issue 17 (the old `receipts.new_code`)."""
    digits = "".join(secrets.choice("0123456789") for _ in range(25))
    return " ".join(digits[i : i + 5] for i in range(0, 25, 5))


ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def test_an_old_format_code_hashes_as_it_did_when_it_was_issued(monkeypatch):
    # Computed by the code before issue 17 with production's scrypt parameters: a stored
    # hash of an old code is found again, so old codes need no migration.
    monkeypatch.setattr(passphrase, "HASH_PARAMS", passphrase.STRONG)
    stored = "06c3215c858aaa334a5cca729fd49a9787c9a68f1ef90507b606bff6b92b39b4"
    for typed in ("31415 92653 58979 32384 62643", "٣١٤١٥-٩٢٦٥٣-٥٨٩٧٩-٣٢٣٨٤-٦٢٦٤٣"):
        assert receipts.normalise(typed) == "3141592653589793238462643"
        assert receipts.code_hash(typed, "a5" * 32) == stored


def test_an_old_format_code_still_opens_its_case(client, desk, monkeypatch):
    with monkeypatch.context() as issued_before:
        issued_before.setattr(receipts, "new_code", legacy_new_code)
        sent = client.post("/reprisals", json=reprisal(), headers=cms()).get_json()["code"]
    assert len(sent.replace(" ", "")) == 25 and sent.replace(" ", "").isdigit()
    typings = (sent, sent.replace(" ", "-"), sent.replace(" ", ""), sent.translate(ARABIC_INDIC))
    for typed in typings:
        opened = access(client, typed)
        assert opened.status_code == 200, opened.get_json()
        assert opened.get_json()["kind"] == "reprisal"
    replied = client.post("/cases/reply", json={"code": sent, "text": "Gracias."}, headers=cms())
    assert replied.status_code == 200  # the reporter's key, wrapped under the old code, opens
    assert [m["text"] for m in replied.get_json()["messages"]] == ["Gracias."]
