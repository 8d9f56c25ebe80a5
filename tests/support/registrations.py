"""Registrations written straight into the registration service's database, as the
registration path writes them (every personal field sealed to its row, the consents),
but without HTTP: a queue of any size in seconds, for tests and `bench.registration`."""

from __future__ import annotations

import itertools
from datetime import timedelta

from services.common.db import utcnow, uuid7
from services.registration.extensions import db
from services.registration.models import CONSENTS, Consent, Registration
from services.registration.services import seal_value

CATEGORIES = ("civil_society", "academia", "trade_union", "private_sector", "local_authority")
GENDERS = ("woman", "man", "non_binary", "prefer_not_to_say")
AGE_BANDS = ("18_29", "30_59", "60_plus")
SUBREGIONS = ("eastern_europe", "western_europe", "central_asia", "northern_america")
_serial = itertools.count()


def load_registrations(
    app, event: str, track: str, count: int, statuses=("selected",), batch: int = 1000
) -> None:
    """`count` registrations for `event`'s `track`, their statuses taken in turn from
    `statuses`; every other person lists publicly, every third shares their contact."""
    start = utcnow() - timedelta(days=1)
    with app.app_context():
        for first in range(0, count, batch):
            regs, consents = [], []
            for i in range(first, min(count, first + batch)):
                n = next(_serial)
                rid = uuid7()
                sealed = {
                    "name_enc": f"Person {n}",
                    "email_enc": f"person{n}@example.org",
                    "phone_enc": f"+41 22 {n:06d}",
                    "organisation_enc": f"Network {n % 97}",
                }
                at = start + timedelta(milliseconds=i)
                regs.append(
                    {
                        "id": rid,
                        "event_key": event,
                        "track_key": track,
                        "kind": "consultation",
                        "email_index": f"bench-{n}",
                        **{c: seal_value("registrations", c, rid, v) for c, v in sealed.items()},
                        "category": CATEGORIES[i % len(CATEGORIES)],
                        "country": "KE",
                        "subregion": SUBREGIONS[i % len(SUBREGIONS)],
                        "gender": GENDERS[i % len(GENDERS)],
                        "age_band": AGE_BANDS[i % len(AGE_BANDS)],
                        "migrant_led": i % 5 == 0,
                        "criteria": {},
                        "criteria_met": True,
                        "status": statuses[i % len(statuses)],
                        "created_at": at,
                        "updated_at": at,
                    }
                )
                granted = {"public_listing": i % 2 == 0, "share_contact": i % 3 == 0}
                consents.extend(
                    {
                        "registration_id": rid,
                        "kind": kind,
                        "granted": granted.get(kind, False),
                        "wording_version": "bench",
                        "at": at,
                    }
                    for kind in CONSENTS
                )
            db.session.execute(Registration.__table__.insert(), regs)
            db.session.execute(Consent.__table__.insert(), consents)
            db.session.commit()
