"""Every e-mail to a stakeholder links the grievance and reprisal channel in the
recipient's language; a decision that can be contested says how, with a grievance form
that carries the decision's reference; a reporter is told a reply waits, not what it says."""

import uuid

import pytest

from services.mailer.reporting_texts import CONTEST, NOT_TO_STAKEHOLDERS, REPORT
from services.mailer.senders import SMTPSender
from services.mailer.templates import LANGUAGES, TEMPLATES
from services.mailer.worker import make_step

from ..conftest import bearer
from .conftest import make_message
from .test_campaigns import campaign, people
from .test_outreach import outreach, run_worker

PUBLIC = "http://127.0.0.1:8000"


def send(app, client, smtp_sink, caller, **message):
    data = make_message(**message)
    headers = caller | {"Idempotency-Key": uuid.uuid4().hex}
    assert client.post("/messages", json=data, headers=headers).status_code == 202
    sender = SMTPSender("127.0.0.1", smtp_sink.port, "Convene <no-reply@convene.localhost>")
    with app.app_context():
        assert make_step(sender)() == 1
    [mail] = smtp_sink.wait_for(1)
    return mail.get_content()


@pytest.mark.parametrize("decision", ["not_selected", "ineligible", "waitlisted"])
@pytest.mark.parametrize("language", ["fr", "ar", "es"])
def test_a_decision_e_mail_says_how_to_contest_it_with_the_reference_filled_in(
    app, client, smtp_sink, caller, decision, language
):
    context = {"name": "Amina Canary", "event_title": "Consultation", "reference": "AB12CD34"}
    body = send(
        app,
        client,
        smtp_sink,
        caller,
        template=f"decision_{decision}",
        language=language,
        context={**context, "reason": "-"},
    )
    assert CONTEST[language].split("$")[0] in body  # how to contest, in their language
    contest = f"{PUBLIC}/{language}/reporting/grievance/?ref=AB12CD34"
    assert contest in body
    assert REPORT[language].split("$")[0] in body and f"{PUBLIC}/{language}/reporting/" in body
    assert "Amina" not in contest and "canary" not in contest.lower()


def test_a_sender_that_knows_the_region_links_its_reviews_page(app, client, smtp_sink, caller):
    context = {"name": "N", "event_title": "E", "reference": "AB12CD34", "region": "ECA"}
    body = send(
        app,
        client,
        smtp_sink,
        caller,
        template="decision_not_selected",
        language="en",
        context=context,
    )
    assert f"{PUBLIC}/reporting/grievance/?region=ECA&ref=AB12CD34" in body
    assert f"{PUBLIC}/reporting/?region=ECA" in body


def test_every_text_to_a_stakeholder_links_the_reporting_page_in_its_language():
    for name, texts in TEMPLATES.items():
        for language in LANGUAGES:
            body = texts[language][1]
            if name in NOT_TO_STAKEHOLDERS:
                assert "$reporting_url" not in body, name
                continue
            assert REPORT[language] in body, (name, language)
            contested = CONTEST[language] in body
            assert contested == (
                name in {"decision_not_selected", "decision_ineligible", "decision_waitlisted"}
            ), name


def test_a_reply_notice_holds_the_follow_up_link_and_nothing_else(app, client, smtp_sink):
    url = f"{PUBLIC}/fr/reporting/follow-up/?region=ECE"
    body = send(
        app,
        client,
        smtp_sink,
        bearer("mailer", issuer="grievance"),
        template="grievance.reply_waiting",
        language="fr",
        context={"follow_up_url": url},
    )
    assert url in body and "code de reçu" in body and "$" not in body


def test_a_campaign_ends_with_the_reporting_line_in_the_recipients_language(app, client, smtp_sink):
    people(app, client)
    created = campaign(client).get_json()
    client.post(
        f"/campaigns/{created['id']}/actions", json={"action": "schedule"}, headers=outreach()
    )
    run_worker(app, SMTPSender("127.0.0.1", smtp_sink.port, "x@example.org"))
    mails = {m["To"]: m for m in smtp_sink.wait_for(3)}
    french = mails["b@example.org"].get_body(("plain",)).get_content()
    assert REPORT["fr"].split("$")[0] in french and f"{PUBLIC}/fr/reporting/" in french
    english = mails["a@example.org"]
    html = english.get_body(("html",)).get_content()
    assert f'<a href="{PUBLIC}/reporting/">' in html
