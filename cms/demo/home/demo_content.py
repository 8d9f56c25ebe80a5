"""Builders for the demo site: two regional reviews, every page in every site language.

The English texts are marked here and translated by the demo's catalogue
(`cms/demo/home/locale`): each page is built in English, then copied into every other
language with its texts translated, so a visitor meets no English on a French page. Page
links (an event's criteria page, a form's index) point to the same language's page.
Submissions are the stakeholders' own words: each is written in one language and
published under the index of that language, and every language's index lists them all.
"""

from __future__ import annotations

from datetime import time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_  # noqa: N812
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

HOME = {
    "title": N_("Regional reviews of the Global Compact for Migration"),
    "intro": N_("Demo site of Convene: reviews, events, registration, submissions and intake."),
}
REVIEWS = {
    "ECE": {
        "title": N_("Regional review: Europe and North America"),
        "city": N_("Geneva (demo)"),
        "zone": "Europe/Zurich",
        "countries": ["DE", "FR", "TR", "KZ"],
    },
    "ECA": {
        "title": N_("Regional review: Africa"),
        "city": N_("Addis Ababa (demo)"),
        "zone": "Africa/Addis_Ababa",
        "countries": ["KE", "NG", "SN", "MA"],
    },
}
REVIEW_INTRO = N_(
    "The regional review of the Global Compact for Migration: how to take part, key dates "
    "and stakeholder submissions."
)
CONTACT = N_("Secretariat of the regional review (demo).")
CRITERIA = [
    ("heading", N_("Who may take part")),
    (
        "paragraph",
        N_(
            "All relevant stakeholders working on migration in the region, including "
            "migrants and their organisations."
        ),
    ),
    ("heading", N_("How participants are selected")),
    (
        "paragraph",
        N_(
            "Balanced by region, gender, stakeholder group and thematic expertise, on "
            "transparent criteria."
        ),
    ),
]
CONSULTATION = N_("Informal multi-stakeholder consultation (%(region)s)")
REVIEW_MEETING = N_("Intergovernmental review meeting (%(region)s)")
SUBMISSION_TITLE = N_("Submission %(number)s on GCM implementation (%(region)s)")
SUBMISSION_SUMMARY = N_(
    "Observations on how the objectives are implemented in the region (demo text)."
)
SUBMISSION_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def T(text: str, **values) -> str:  # noqa: N802
    """`text` in the active language (the demo's catalogue), with its values."""
    translated = gettext(text)
    return translated % values if values else translated


def html(text: str, **values) -> str:
    return f"<p>{T(text, **values)}</p>"


def locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }


def other_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def publish(page: Page) -> Page:
    page.save_revision().publish()
    return page


def add(parent: Page, page: Page) -> Page:
    parent.add_child(instance=page)
    return publish(page)


def localized(page: Page | None, locale: Locale) -> Page | None:
    """The translation of `page` in `locale` (made before), else `page` itself."""
    if page is None:
        return None
    return page.get_translation_or_none(locale) or page


# What each kind of page says, built in the active language; the same builder makes the
# English page and, under `translation.override`, each translation.
def home_texts(_page) -> dict:
    return {"title": T(HOME["title"]), "intro": html(HOME["intro"])}


def review_texts(page) -> dict:
    return {
        "title": T(REVIEWS[page.region]["title"]),
        "intro": html(REVIEW_INTRO),
        "contact": html(CONTACT),
    }


def criteria_texts(_page) -> dict:
    return {
        "title": T(N_("Engagement and registration criteria")),
        "body": [(kind, T(text) if kind == "heading" else html(text)) for kind, text in CRITERIA],
    }


def calendar_texts(_page) -> dict:
    return {"title": T(N_("Calendar")), "intro": html(N_("Meetings of the review."))}


def event_texts(page) -> dict:
    info = REVIEWS[page.region]
    texts = {"venue": T(info["city"])}
    if page.kind == "consultation":
        texts.update(
            title=T(CONSULTATION, region=page.region),
            platform=T(N_("Video conference")),
            intro=html(N_("A hybrid consultation ahead of the review meeting.")),
            agenda=[
                ("session", T(N_("Opening"))),
                ("item", {"title": T(N_("Welcome")), "speakers": T(N_("Chair"))}),
            ],
        )
    else:
        texts.update(
            title=T(REVIEW_MEETING, region=page.region),
            intro=html(N_("The regional review meeting.")),
        )
    return texts


TRACK_NAMES = {
    "consultation": N_("Civil society"),
    "interest": N_("Panels, rapporteur and agenda design"),
    "floor_speaker": N_("Speaking from the floor"),
    "observer": N_("Observers"),
    "nomination": N_("Speakers nominated by organisations"),
}


def index_texts(_page) -> dict:
    return {
        "title": T(N_("Stakeholder submissions")),
        "intro": html(
            N_(
                "Written submissions from stakeholders, in the language each was written "
                "in. Choose a language below to see only those."
            )
        ),
    }


def form_texts(_page) -> dict:
    return {
        "title": T(N_("Send a submission")),
        "intro": html(N_("Send your written input on GCM implementation.")),
        "thanks": html(N_("You can follow the review's news on its page.")),
    }


def content_texts(_page) -> dict:
    return {
        "title": T(N_("Update: registration is open")),
        "body": [("paragraph", html(N_("Registration for the consultation is open.")))],
    }


def report_texts(_page) -> dict:
    return {
        "title": T(N_("Report a grievance or reprisal")),
        "intro": html(
            N_(
                "Tell the secretariat about a problem with the review, or about threats "
                "or reprisals for taking part."
            )
        ),
        "safety": html(
            N_(
                "Use a device and a connection you trust. Clear this page from your "
                "browser's history afterwards if others use it."
            )
        ),
    }


TEXTS = {
    "HomePage": home_texts,
    RegionalReviewPage: review_texts,
    CriteriaPage: criteria_texts,
    CalendarPage: calendar_texts,
    EventPage: event_texts,
    SubmissionIndexPage: index_texts,
    SubmissionFormPage: form_texts,
    ContentPage: content_texts,
    ReportingPage: report_texts,
}


def texts_for(page: Page) -> dict:
    builder = TEXTS.get(type(page)) or TEXTS.get(type(page).__name__)
    return builder(page) if builder else {}


def build(parent: Page, page: Page) -> Page:
    """Add `page` below `parent` in English, its texts from the builders."""
    with translation.override(settings.LANGUAGE_CODE):
        for field, value in texts_for(page).items():
            setattr(page, field, value)
    return add(parent, page)


def translate(page: Page, language: str) -> Page:
    """Copy a page into `language` with its texts and page links translated; publish it."""
    locale = Locale.objects.get(language_code=language)
    found = page.get_translation_or_none(locale)
    if found is not None:
        return found
    copy = page.copy_for_translation(locale, copy_parents=True).specific
    with translation.override(language):
        for field, value in texts_for(copy).items():
            setattr(copy, field, value)
        if isinstance(copy, EventPage):
            copy.criteria = localized(copy.criteria, locale)
            tracks = list(copy.tracks.all())
            for item in tracks:
                item.name = T(TRACK_NAMES.get(item.kind, item.name))
            copy.tracks = tracks
        if isinstance(copy, SubmissionFormPage):
            copy.index = localized(copy.index, locale)
    publish(copy)
    return copy


def event_dates(days_ahead: int, hours: int) -> dict:
    day = timezone.localdate() + timedelta(days=days_ahead)
    return {
        "start_date": day,
        "start_time": time(9, 0),
        "end_date": day,
        "end_time": time(9 + hours, 0),
    }


def track(kind: str, days_open: int, capacity: int | None = None) -> EventTrack:
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        name = T(TRACK_NAMES[kind])
    return EventTrack(
        name=name,
        kind=kind,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=days_open),
        capacity=capacity,
    )


def build_review(home: Page, code: str) -> RegionalReviewPage:
    info = REVIEWS[code]
    review = build(home, RegionalReviewPage(slug=f"review-{code.lower()}", region=code))
    criteria = build(review, CriteriaPage(slug="criteria"))
    calendar = build(review, CalendarPage(slug="calendar"))
    consultation = EventPage(
        slug="consultation",
        kind="consultation",
        region=code,
        timezone=info["zone"],
        modality="hybrid",
        captioning=True,
        interpretation_languages="en,fr,ar",
        criteria=criteria,
        **event_dates(45, 3),
    )
    consultation.tracks = [
        track("consultation", 30, 150),
        track("interest", 30),
        track("nomination", 30, 20),
    ]
    review_meeting = EventPage(
        slug="review-meeting",
        kind="review",
        region=code,
        timezone=info["zone"],
        modality="in_person",
        sign_language=True,
        interpretation_languages="en,fr,ar",
        criteria=criteria,
        **event_dates(70, 7),
    )
    review_meeting.tracks = [track("floor_speaker", 42, 20), track("observer", 42)]
    for event in (consultation, review_meeting):
        build(calendar, event)
    index = build(review, SubmissionIndexPage(slug="submissions"))
    form = build(review, SubmissionFormPage(slug="send-a-submission", index=index))
    news = build(review, ContentPage(slug="registration-open"))
    report = build(review, ReportingPage(slug="report"))
    # Parents before children, and criteria and index before the pages that link them.
    pages = [review, criteria, calendar, consultation, review_meeting, index, form, news, report]
    for language in other_languages():
        for page in pages:
            translate(page, language)
    submission_actions.grant_task_team(index)
    build_submissions(index, code, info["countries"])
    return review


def build_submissions(index: SubmissionIndexPage, code: str, countries: list[str]) -> None:
    """Twelve published submissions, each in its own language under that language's index."""
    categories = list(StakeholderCategory.objects.filter(locale__language_code="en"))
    objectives = list(GCMObjective.objects.filter(locale__language_code="en"))
    collection = document_collection(PUBLIC_COLLECTION, restricted=False)
    all_locales = locales()
    for i in range(12):
        language = SUBMISSION_LANGUAGES[i % len(SUBMISSION_LANGUAGES)]
        with translation.override(language):
            title = T(SUBMISSION_TITLE, number=i + 1, region=code)
            summary = T(SUBMISSION_SUMMARY)
        document = get_document_model().objects.create(
            title=title,
            collection=collection,
            file=ContentFile(
                minimal_pdf(f"Demo submission {i + 1} ({code})"),
                name=f"submission-{code.lower()}-{i + 1}.pdf",
            ),
        )
        page = SubmissionPage(
            title=title,
            slug=f"submission-{i + 1}",
            organisation=f"Demo organisation {i + 1}",
            category=categories[i % len(categories)],
            country=Country.objects.get(code=countries[i % len(countries)]),
            region=code,
            submission_language=language,
            summary=summary,
            document=document,
        )
        localized(index, all_locales[language]).add_child(instance=page)
        page.objectives.set(objectives[i % 23 : i % 23 + 2])
        publish(page)


def build_site(home: Page) -> None:
    locales()
    submission_actions.task_team_workflow()
    for language in other_languages():
        translate(home, language)
    for code in REVIEWS:
        build_review(home, code)
