"""The lines that end every mail anyone can cause by typing an address into a form
(`recipients.UNSOLICITED`), in the seven site languages: why it came, "if you did not
expect this, ignore it or tell us", and the one-click "never mail me again" link
($never_mail_url, added by the mailer for the recipient; a sender cannot set it).
"""

from __future__ import annotations

from .registration_templates import SIGN

NOT_EXPECTED = {
    "en": "Someone typed this address into a form on our website. If you did not expect "
    "this e-mail, ignore it or tell us: $reporting_url\n"
    "Never e-mail me again: $never_mail_url",
    "fr": "Quelqu'un a saisi cette adresse dans un formulaire de notre site. Si vous "
    "n'attendiez pas ce message, ignorez-le ou dites-le-nous : $reporting_url\n"
    "Ne plus jamais m'écrire : $never_mail_url",
    "es": "Alguien escribió esta dirección en un formulario de nuestro sitio web. Si no "
    "esperaba este mensaje, ignórelo o díganoslo: $reporting_url\n"
    "No volver a escribirme nunca: $never_mail_url",
    "ar": "أدخل شخص ما هذا العنوان في استمارة على موقعنا. إذا لم تكن تتوقع هذه الرسالة "
    "فتجاهلها أو أخبرنا: $reporting_url\n"
    "لا تراسلوني مرة أخرى أبدًا: $never_mail_url",
    "zh-hans": "有人在我们网站的表格中填写了此地址。如果您没有预料到这封邮件，请忽略它或"
    "告诉我们：$reporting_url\n"
    "不再给我发送任何邮件：$never_mail_url",
    "ru": "Кто-то указал этот адрес в форме на нашем сайте. Если вы не ждали этого письма, "
    "проигнорируйте его или сообщите нам: $reporting_url\n"
    "Больше никогда не писать мне: $never_mail_url",
    "pt": "Alguém escreveu este endereço num formulário do nosso sítio web. Se não esperava "
    "esta mensagem, ignore-a ou diga-nos: $reporting_url\n"
    "Nunca mais me escrever: $never_mail_url",
}


def with_never_mail_lines(templates: dict, keys) -> None:
    """Add the lines to each text of `keys`, before the signature when there is one."""
    for key in keys:
        for language, (subject, body) in templates[key].items():
            line = NOT_EXPECTED[language]
            signature = f"{SIGN[language]}\n"
            if body.endswith(signature):
                body = f"{body[: -len(signature)]}{line}\n\n{signature}"
            else:
                body = f"{body.rstrip()}\n\n{line}\n"
            templates[key][language] = (subject, body)
