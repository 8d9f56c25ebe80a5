"""Builders for the demo site: two regional reviews in English, French and Arabic."""

from __future__ import annotations

from datetime import time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page

from wagtail_convene.events.models import CalendarPage, EventPage, EventTrack
from wagtail_convene.reporting.models import ReportingPage
from wagtail_convene.reviews.models import ContentPage, CriteriaPage, RegionalReviewPage
from wagtail_convene.submissions import actions as submission_actions
from wagtail_convene.submissions.actions import PUBLIC_COLLECTION, document_collection
from wagtail_convene.submissions.models import (
    SubmissionFormPage,
    SubmissionIndexPage,
    SubmissionPage,
)
from wagtail_convene.taxonomy.models import Country, GCMObjective, StakeholderCategory

from .documents import minimal_pdf

TRANSLATED_TITLES = {
    "fr": {
        "home": "Examen régional du Pacte mondial sur les migrations",
        "ECE": "Examen régional : Europe et Amérique du Nord",
        "ECA": "Examen régional : Afrique",
        "calendar": "Calendrier",
        "criteria": "Critères de participation et d'inscription",
        "consultation": "Consultation multipartite informelle",
        "review": "Réunion d'examen intergouvernementale",
        "submissions": "Contributions des parties prenantes",
        "report": "Signaler un grief ou des représailles",
    },
    "ar": {
        "home": "الاستعراض الإقليمي للاتفاق العالمي من أجل الهجرة",
        "ECE": "الاستعراض الإقليمي: أوروبا وأمريكا الشمالية",
        "ECA": "الاستعراض الإقليمي: أفريقيا",
        "calendar": "التقويم",
        "criteria": "معايير المشاركة والتسجيل",
        "consultation": "مشاورة غير رسمية مع أصحاب المصلحة المتعددين",
        "review": "اجتماع الاستعراض الحكومي الدولي",
        "submissions": "مساهمات أصحاب المصلحة",
        "report": "الإبلاغ عن شكوى أو أعمال انتقامية",
    },
    "es": {
        "home": "Examen regional del Pacto Mundial para la Migración",
        "ECE": "Examen regional: Europa y América del Norte",
        "ECA": "Examen regional: África",
        "report": "Denunciar una queja o represalias",
    },
}
REVIEWS = {
    "ECE": {"city": "Geneva", "zone": "Europe/Zurich", "countries": ["DE", "FR", "TR", "KZ"]},
    "ECA": {
        "city": "Addis Ababa",
        "zone": "Africa/Addis_Ababa",
        "countries": ["KE", "NG", "SN", "MA"],
    },
}


def locales() -> dict[str, Locale]:
    from django.conf import settings

    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }


def publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def add(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    return publish(page)


def translate(page: Page, language: str, key: str) -> None:
    """Copy a page into another language, with its title translated, and publish it."""
    locale = Locale.objects.get(language_code=language)
    if page.get_translations().filter(locale=locale).exists():
        return
    copy = page.copy_for_translation(locale, copy_parents=True)
    copy.title = TRANSLATED_TITLES[language].get(key, copy.title)
    publish(copy)


def event_dates(days_ahead: int, hours: int) -> dict:
    day = timezone.localdate() + timedelta(days=days_ahead)
    return {
        "start_date": day,
        "start_time": time(9, 0),
        "end_date": day,
        "end_time": time(9 + hours, 0),
    }


def build_review(home: Page, code: str) -> RegionalReviewPage:
    info = REVIEWS[code]
    review = add(
        home,
        RegionalReviewPage(
            title=f"Regional review: {'Europe and North America' if code == 'ECE' else 'Africa'}",
            slug=f"review-{code.lower()}",
            region=code,
            intro=f"<p>The {code} regional review of the Global Compact for Migration: "
            "how to take part, key dates and stakeholder submissions.</p>",
            contact="<p>Secretariat of the regional review (demo).</p>",
        ),
    )
    criteria = add(
        review,
        CriteriaPage(
            title="Engagement and registration criteria",
            slug="criteria",
            body=[
                ("heading", "Who may take part"),
                (
                    "paragraph",
                    "<p>All relevant stakeholders working on migration in the "
                    "region, including migrants and their organisations.</p>",
                ),
                ("heading", "How participants are selected"),
                (
                    "paragraph",
                    "<p>Balanced by region, gender, stakeholder group and "
                    "thematic expertise, on transparent criteria.</p>",
                ),
            ],
        ),
    )
    calendar = add(
        review,
        CalendarPage(title="Calendar", slug="calendar", intro="<p>Meetings of the review.</p>"),
    )
    now = timezone.now()
    consultation = EventPage(
        title=f"Informal multi-stakeholder consultation ({code})",
        slug="consultation",
        kind="consultation",
        region=code,
        timezone=info["zone"],
        modality="hybrid",
        venue=f"{info['city']} (demo)",
        platform="Video conference",
        captioning=True,
        interpretation_languages="en,fr,ar",
        criteria=criteria,
        intro="<p>A hybrid consultation ahead of the review meeting.</p>",
        agenda=[("session", "Opening"), ("item", {"title": "Welcome", "speakers": "Chair"})],
        **event_dates(45, 3),
    )
    consultation.tracks = [
        EventTrack(
            name="Civil society",
            kind="consultation",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
            capacity=150,
        ),
        EventTrack(
            name="Panels, rapporteur and agenda design",
            kind="interest",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=30),
        ),
    ]
    review_meeting = EventPage(
        title=f"Intergovernmental review meeting ({code})",
        slug="review-meeting",
        kind="review",
        region=code,
        timezone=info["zone"],
        modality="in_person",
        venue=f"{info['city']} (demo)",
        sign_language=True,
        interpretation_languages="en,fr,ar",
        criteria=criteria,
        intro="<p>The regional review meeting.</p>",
        **event_dates(70, 7),
    )
    review_meeting.tracks = [
        EventTrack(
            name="Speaking from the floor",
            kind="floor_speaker",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=42),
            capacity=20,
        ),
        EventTrack(
            name="Observers",
            kind="observer",
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=42),
        ),
    ]
    for event in (consultation, review_meeting):
        add(calendar, event)
    index = add(review, SubmissionIndexPage(title="Stakeholder submissions", slug="submissions"))
    add(
        review,
        SubmissionFormPage(
            title="Send a submission",
            slug="send-a-submission",
            index=index,
            intro="<p>Send your written input on GCM implementation.</p>",
        ),
    )
    add(
        review,
        ContentPage(
            title="Update: registration is open",
            slug="registration-open",
            body=[("paragraph", "<p>Registration for the consultation is open.</p>")],
        ),
    )
    report = add(
        review,
        ReportingPage(
            title="Report a grievance or reprisal",
            slug="report",
            intro="<p>Tell the secretariat about a problem with the review, or about threats "
            "or reprisals for taking part.</p>",
            safety="<p>Use a device and a connection you trust. Clear this page from your "
            "browser's history afterwards if others use it.</p>",
        ),
    )
    submission_actions.grant_task_team(index)
    build_submissions(index, code, info["countries"])
    for language in ("fr", "ar"):
        for page, key in (
            (review, code),
            (criteria, "criteria"),
            (calendar, "calendar"),
            (consultation, "consultation"),
            (review_meeting, "review"),
            (index, "submissions"),
            (report, "report"),
        ):
            translate(page, language, key)
    translate(review, "es", code)
    translate(report, "es", "report")
    return review


def build_submissions(index: SubmissionIndexPage, code: str, countries: list[str]) -> None:
    categories = list(StakeholderCategory.objects.filter(locale__language_code="en"))
    objectives = list(GCMObjective.objects.filter(locale__language_code="en"))
    collection = document_collection(PUBLIC_COLLECTION, restricted=False)
    languages = ["en", "fr", "ar", "es"]
    for i in range(12):
        title = f"Submission {i + 1} on GCM implementation ({code})"
        document = get_document_model().objects.create(
            title=title,
            collection=collection,
            file=ContentFile(minimal_pdf(title), name=f"submission-{code.lower()}-{i + 1}.pdf"),
        )
        page = SubmissionPage(
            title=title,
            slug=f"submission-{i + 1}",
            organisation=f"Demo organisation {i + 1}",
            category=categories[i % len(categories)],
            country=Country.objects.get(code=countries[i % len(countries)]),
            region=code,
            submission_language=languages[i % len(languages)],
            summary="Observations on how the objectives are implemented in the region (demo text).",
            document=document,
        )
        index.add_child(instance=page)
        page.objectives.set(objectives[i % 23 : i % 23 + 2])
        publish(page)


def build_site(home: Page) -> None:
    locales()
    translate(home, "es", "home")  # the reporting pages are in Spanish too
    submission_actions.task_team_workflow()
    for code in REVIEWS:
        build_review(home, code)
    for language in ("fr", "ar"):
        translate(home, language, "home")
