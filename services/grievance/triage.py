"""The secretariat's side: queues per region with due dates and overdue marks, a case
opened (reprisals only with the desk unlocked), status, assignee, staff notes, messages
to the reporter, referral only with the reporter's consent, evidence. Every view, unlock,
referral and status change is audited. Grievances need the `secretariat` role, reprisal
reports the `reprisal_desk` role; either way only in the caller's regions."""

from __future__ import annotations

import json
import uuid

from sqlalchemy import func, select

from services.common.auth import Claims
from services.common.db import utcnow
from services.common.errors import Conflict, Forbidden, Invalid, NotFound

from . import blobs, content, desk
from .cases import add_message, notify_reply, today
from .extensions import db
from .models import GRIEVANCE, REPRISAL, Case, CaseMessage, Evidence, StaffNote

ROLES = {GRIEVANCE: "secretariat", REPRISAL: desk.DESK_ROLE}
MOVES = {  # action -> (from statuses, to status)
    "acknowledge": ({"new"}, "acknowledged"),
    "start": ({"new", "acknowledged"}, "in_progress"),
    "resolve": ({"acknowledged", "in_progress", "referred"}, "resolved"),
    "close": ({"new", "acknowledged", "in_progress", "referred", "resolved"}, "closed"),
    "reopen": ({"resolved", "closed"}, "in_progress"),
}
OPEN = ("new", "acknowledged", "in_progress")


def _allowed(kind: str, claims: Claims) -> None:
    if not claims.has_role(ROLES[kind]):
        raise Forbidden(f"This needs the {ROLES[kind]} role.")


def _case(case_id: uuid.UUID, claims: Claims) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound("There is no such case.")
    _allowed(case.kind, claims)
    if case.region not in claims.regions:
        raise Forbidden("This case is in a region you do not review.")
    return case


def overdue(case: Case, day=None) -> bool:
    day = day or today()
    if case.status == "new" and day > case.acknowledge_by:
        return True
    return case.status in OPEN and day > case.respond_by


def queue(kind: str, claims: Claims, status: str | None = None) -> dict:
    _allowed(kind, claims)
    query = select(Case).where(Case.kind == kind, Case.region.in_(claims.regions))
    counts = dict(
        db.session.execute(
            select(Case.status, func.count())
            .where(Case.kind == kind, Case.region.in_(claims.regions))
            .group_by(Case.status)
        ).all()
    )
    if status:
        query = query.where(Case.status == status)
    cases = db.session.scalars(query.order_by(Case.urgent.desc(), Case.respond_by))
    return {"counts": counts, "items": [_summary(c) for c in cases]}


def _summary(case: Case) -> dict:
    replies = db.session.scalar(
        select(func.count())
        .select_from(CaseMessage)
        .where(CaseMessage.case_id == case.id, CaseMessage.author == "reporter")
    )
    return {
        "id": str(case.id),
        "kind": case.kind,
        "region": case.region,
        "category": case.category,
        "country": case.country,
        "urgent": case.urgent,
        "status": case.status,
        "assignee": case.assignee,
        "received_on": case.received_on.isoformat(),
        "acknowledge_by": case.acknowledge_by.isoformat(),
        "respond_by": case.respond_by.isoformat(),
        "overdue": overdue(case),
        "referral_consent": case.referral_consent,
        "reporter_messages": replies,
    }


def _keys(case: Case, claims: Claims, token: str | None) -> dict:
    return desk.unlocked(claims, token) if case.sealed else {}


def detail(
    case_id: uuid.UUID, claims: Claims, token: str | None, contact_reason: str | None = None
) -> dict:
    """The case for a member of staff with its region. The reporter's contact details are
    opened only for the case's assignee, who gives a reason; each opening is audited."""
    case = _case(case_id, claims)
    keys = _keys(case, claims, token)

    def opened(table, column, row_id, blob) -> str:
        return content.open_for_staff(case, table, column, row_id, blob, keys).decode()

    messages = db.session.scalars(
        select(CaseMessage).where(CaseMessage.case_id == case.id).order_by(CaseMessage.number)
    )
    notes = db.session.scalars(
        select(StaffNote).where(StaffNote.case_id == case.id).order_by(StaffNote.written_at)
    )
    files = db.session.scalars(select(Evidence).where(Evidence.case_id == case.id))
    view = {
        **_summary(case),
        # The moves possible from the case's status, so the admin offers only those.
        "moves": [action for action, (before, _after) in MOVES.items() if case.status in before],
        "report": json.loads(opened("cases", "report_enc", case.id, case.report_enc)),
        "contact_held": bool(case.contact_enc),
        "contact_open_to_me": bool(case.contact_enc)
        and bool(case.assignee)
        and case.assignee == desk.reviewer_of(claims),
        "contact": None,
        "messages": [
            {
                "author": m.author,
                "sent_on": m.sent_on.isoformat(),
                "text": opened("case_messages", "body_enc", m.id, m.body_enc),
            }
            for m in messages
        ],
        "notes": [
            {
                "author": n.author,
                "written_at": n.written_at.isoformat(),
                "text": opened("staff_notes", "body_enc", n.id, n.body_enc),
            }
            for n in notes
        ],
        "evidence": [{"id": str(f.id), "media_type": f.media_type, "size": f.size} for f in files],
    }
    if contact_reason and view["contact_open_to_me"]:
        view["contact"] = json.loads(opened("cases", "contact_enc", case.id, case.contact_enc))
        desk.audit(claims, f"case.contact:{contact_reason}", "case", case.id)
    elif contact_reason:
        raise Forbidden("Only the case's assignee may open the reporter's contact details.")
    desk.audit(claims, "case.view", "case", case.id)
    db.session.commit()
    return view


def act(case_id: uuid.UUID, claims: Claims, token: str | None, body: dict) -> dict:
    """acknowledge, start, resolve, close, reopen, assign, note, message, refer."""
    case = _case(case_id, claims)
    action, text = body["action"], (body.get("text") or "").strip()
    if action in MOVES:
        allowed, status = MOVES[action]
        if case.status not in allowed:
            raise Conflict(f"A {case.status} case cannot be moved that way.")
        case.status = status
        case.closed_on = today() if status == "closed" else None
    elif action == "assign":
        # Another member of staff assigns a case (and with it the reporter's contact
        # details); nobody takes one for themselves. The audit names the new assignee.
        assignee = body.get("assignee", "")[:128]
        if assignee and assignee == desk.reviewer_of(claims):
            raise Conflict("A colleague assigns a case to you; you cannot take it yourself.")
        case.assignee = assignee
        action = f"assign:{assignee or 'nobody'}"
    elif action == "note":
        _note(case, claims, _required(text))
    elif action == "message":
        add_message(case, "secretariat", _required(text))
        notify_reply(case)
    elif action == "refer":
        if not case.referral_consent:
            raise Conflict("The reporter has not consented to a referral: nothing leaves.")
        if case.status not in OPEN:
            raise Conflict(f"A {case.status} case cannot be referred.")
        case.status = "referred"
        _note(case, claims, f"Referred to: {_required(text)}")
    else:
        raise Invalid("Unknown action.")
    case.updated_on = today()
    desk.audit(claims, f"case.{action}", "case", case.id)
    db.session.commit()
    return _summary(case)


def _required(text: str) -> str:
    if not text:
        raise Invalid("Write something first.")
    return text[:10000]


def _note(case: Case, claims: Claims, text: str) -> None:
    note = StaffNote(id=uuid.uuid4(), case_id=case.id, author=desk.reviewer_of(claims))
    note.written_at = utcnow()
    note.body_enc = content.seal(case, "staff_notes", "body_enc", note.id, text.encode())
    db.session.add(note)


def evidence_file(case_id, evidence_id, claims: Claims, token: str | None):
    case = _case(case_id, claims)
    item = db.session.get(Evidence, evidence_id)
    if item is None or item.case_id != case.id:
        raise NotFound("There is no such file.")
    data = content.open_for_staff(
        case,
        "evidence",
        "content_enc",
        item.id,
        blobs.store().get(item),
        _keys(case, claims, token),
    )
    desk.audit(claims, "evidence.view", "evidence", item.id)
    db.session.commit()
    return item.media_type, data
