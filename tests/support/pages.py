"""The demo site's public page types, in English and Arabic, for browser and weight tests."""

PAGE_TYPES = {
    "home": "/",
    "regional review": "/review-ece/",
    "criteria": "/review-ece/criteria/",
    "calendar (list)": "/review-ece/calendar/",
    "calendar (month)": "/review-ece/calendar/?view=month",
    "event": "/review-ece/calendar/consultation/",
    "registration form": "/review-ece/calendar/consultation/register/",
    "submission index": "/review-ece/submissions/",
    "submission": "/review-ece/submissions/submission-1/",
    "submission form": "/review-ece/send-a-submission/",
    "content page": "/review-ece/registration-open/",
}
# The demo translates these into Arabic (and French).
ARABIC = [
    "home",
    "regional review",
    "criteria",
    "calendar (list)",
    "calendar (month)",
    "event",
    "registration form",
    "submission index",
]


def public_urls():
    urls = [(f"en {name}", path) for name, path in PAGE_TYPES.items()]
    urls += [(f"ar {name}", "/ar" + PAGE_TYPES[name]) for name in ARABIC]
    return urls
