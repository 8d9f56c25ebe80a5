"""The grievance and reprisal channel in every e-mail to a stakeholder, in the seven site
languages: a line linking the reporting page; in a decision that can be contested, how to
contest it with a grievance form that carries the decision's reference; and the notice
to a grievance reporter that a reply waits (never the reply itself).

Links are built from the mailer's `public_url` and the recipient's language (the
website's `/<language>/reporting/...` addresses, which lead to the review's reporting
page); a sender may pass `region` in the context to reach its review's page directly,
or its own `reporting_url` / `contest_url`.
"""

from __future__ import annotations

from html import escape
from string import Template
from urllib.parse import urlencode

from .registration_templates import MINE, SIGN

REPORT = {
    "en": "To report a problem with the review, or a threat or reprisal for taking part "
    "(you need not give your name): $reporting_url",
    "fr": "Pour signaler un problème lié à l'examen, ou une menace ou des représailles liées "
    "à votre participation (sans avoir à donner votre nom)\u00a0: $reporting_url",
    "es": "Para denunciar un problema con el examen, o una amenaza o represalia por "
    "participar (no necesita dar su nombre): $reporting_url",
    "ar": "للإبلاغ عن مشكلة تتعلق بالاستعراض، أو عن تهديد أو عمل انتقامي بسبب المشاركة "
    "(دون الحاجة إلى ذكر اسمك): $reporting_url",
    "zh-hans": "如需报告与审查有关的问题，或因参与而遭受的威胁或报复（无需提供姓名）："
    "$reporting_url",
    "ru": "Сообщить о проблеме, связанной с обзором, или об угрозах или репрессиях за участие "
    "(называть своё имя не обязательно): $reporting_url",
    "pt": "Para comunicar um problema com a revisão, ou uma ameaça ou represália por "
    "participar (não precisa de dar o seu nome): $reporting_url",
}
CONTEST = {
    "en": "If you think this decision is wrong, you can contest it: send a grievance with "
    "this form, which already carries your reference $reference:\n$contest_url\n"
    "The secretariat will acknowledge it and answer you.",
    "fr": "Si vous estimez que cette décision est erronée, vous pouvez la contester\u00a0: "
    "envoyez une réclamation avec ce formulaire, qui porte déjà votre référence "
    "$reference\u00a0:\n$contest_url\nLe secrétariat en accusera réception et vous répondra.",
    "es": "Si cree que esta decisión es errónea, puede impugnarla: envíe una queja con este "
    "formulario, que ya lleva su referencia $reference:\n$contest_url\n"
    "La secretaría acusará recibo y le responderá.",
    "ar": "إذا رأيت أن هذا القرار خاطئ، فيمكنك الطعن فيه: أرسل شكوى بهذه الاستمارة، وهي تحمل "
    "رقمك المرجعي $reference:\n$contest_url\nستؤكد الأمانة استلامها وترد عليك.",
    "zh-hans": "如您认为此决定有误，可以提出异议：请用此表格提交申诉，表格中已填入您的参考编号 "
    "$reference：\n$contest_url\n秘书处将确认收到并给予答复。",
    "ru": "Если вы считаете это решение ошибочным, его можно оспорить: подайте жалобу через "
    "эту форму, в которой уже указан ваш номер $reference:\n$contest_url\n"
    "Секретариат подтвердит её получение и ответит вам.",
    "pt": "Se considera que esta decisão está errada, pode contestá-la: envie uma queixa com "
    "este formulário, que já inclui a sua referência $reference:\n$contest_url\n"
    "O secretariado acusará a receção e responder-lhe-á.",
}
# Decisions a registrant may contest (the selected are not told how to contest).
CONTESTABLE = {"decision_not_selected", "decision_ineligible", "decision_waitlisted"}
# Texts to staff, or that already lead to the reporting page: no reporting line.
NOT_TO_STAKEHOLDERS = {
    "reprisal.urgent",
    "grievance.reply_waiting",
    "staff.password_reset",
    "staff.second_factor_changed",
    "ops.dead_letters",
    "ops.backlog",
    "ops.bounce_rate",
    "ops.complaint_rate",
}

REPLY_WAITING = {
    "en": (
        "A reply to your report is waiting",
        "The secretariat has answered your report. For your safety, the answer is not in "
        "this e-mail.\n\nTo read it, open the follow-up page and enter your receipt code:\n"
        "$follow_up_url\n\nNobody from the secretariat will ever ask you for your receipt "
        "code.\n",
    ),
    "fr": (
        "Une réponse à votre signalement vous attend",
        "Le secrétariat a répondu à votre signalement. Pour votre sécurité, la réponse ne "
        "figure pas dans ce message.\n\nPour la lire, ouvrez la page de suivi et saisissez "
        "votre code de reçu\u00a0:\n$follow_up_url\n\nPersonne au secrétariat ne vous "
        "demandera jamais votre code de reçu.\n",
    ),
    "es": (
        "Le espera una respuesta a su denuncia",
        "La secretaría ha respondido a su denuncia. Por su seguridad, la respuesta no está "
        "en este mensaje.\n\nPara leerla, abra la página de seguimiento e introduzca su "
        "código de recibo:\n$follow_up_url\n\nNadie de la secretaría le pedirá nunca su "
        "código de recibo.\n",
    ),
    "ar": (
        "ردّ على بلاغك في انتظارك",
        "ردّت الأمانة على بلاغك. حفاظًا على سلامتك، لا يرد نص الرد في هذه الرسالة.\n\n"
        "لقراءته افتح صفحة المتابعة وأدخل رمز الإيصال:\n$follow_up_url\n\n"
        "لن يطلب منك أحد في الأمانة رمز الإيصال أبدًا.\n",
    ),
    "zh-hans": (
        "您的报告有一条回复待阅",
        "秘书处已回复您的报告。为了您的安全，回复内容不在此邮件中。\n\n"
        "如需阅读，请打开跟进页面并输入您的回执码：\n$follow_up_url\n\n"
        "秘书处的任何人都不会向您索要回执码。\n",
    ),
    "ru": (
        "Вас ждёт ответ на ваше сообщение",
        "Секретариат ответил на ваше сообщение. Ради вашей безопасности ответа в этом письме "
        "нет.\n\nЧтобы прочитать его, откройте страницу отслеживания и введите код "
        "квитанции:\n$follow_up_url\n\nНикто из секретариата никогда не попросит у вас код "
        "квитанции.\n",
    ),
    "pt": (
        "Uma resposta à sua denúncia está à sua espera",
        "O secretariado respondeu à sua denúncia. Para sua segurança, a resposta não está "
        "nesta mensagem.\n\nPara a ler, abra a página de acompanhamento e introduza o seu "
        "código de recibo:\n$follow_up_url\n\nNinguém do secretariado lhe pedirá alguma vez "
        "o seu código de recibo.\n",
    ),
}


def with_reporting_lines(templates: dict[str, dict[str, tuple[str, str]]]) -> None:
    """Add the reporting line to every text for stakeholders, before the signature when
    there is one, and to contestable decisions how to contest them."""
    for key, languages in templates.items():
        if key in NOT_TO_STAKEHOLDERS:
            continue
        for language, (subject, body) in languages.items():
            if key in CONTESTABLE:  # right after the decision, before "my registration"
                mine = MINE[language]
                body = body.replace(mine, f"{CONTEST[language]}\n\n{mine}", 1)
            signature = f"{SIGN[language]}\n"
            if body.endswith(signature):
                body = f"{body[: -len(signature)]}{REPORT[language]}\n\n{signature}"
            else:
                body = f"{body.rstrip()}\n\n{REPORT[language]}\n"
            languages[language] = (subject, body)


def reporting_links(base: str, language: str, context: dict) -> dict:
    """`reporting_url` and `contest_url` for a recipient's language (a sender's own win)."""
    language = (language or "en").lower()
    prefix = "" if language == "en" else f"/{language}"
    root = f"{base.rstrip('/')}{prefix}/reporting/"
    region = {"region": context["region"]} if context.get("region") else {}
    contest = {**region, "ref": context.get("reference") or ""}
    query = f"?{urlencode(region)}" if region else ""
    return {
        "reporting_url": context.get("reporting_url") or root + query,
        "contest_url": context.get("contest_url") or f"{root}grievance/?{urlencode(contest)}",
    }


def campaign_footer(language: str, reporting_url: str) -> tuple[str, str]:
    """The reporting line for a campaign's text and HTML parts (after the editor's text)."""
    line = REPORT.get(language.lower()) or REPORT["en"]
    before = line.split("$reporting_url")[0]
    text = Template(line).safe_substitute(reporting_url=reporting_url)
    url = escape(reporting_url)
    html = f'<p>{escape(before)}<a href="{url}">{url}</a></p>'
    return f"\n\n{text}\n", html
