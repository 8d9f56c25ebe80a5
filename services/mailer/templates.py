"""Transactional e-mail texts in the seven site languages. Subjects carry no personal data."""

from __future__ import annotations

import re
from string import Template

from .ops_texts import OPS_TEXTS
from .recipients import UNSOLICITED
from .registration_templates import registration_templates
from .reporting_texts import REPLY_WAITING, with_reporting_lines
from .unsolicited_texts import with_never_mail_lines

LANGUAGES = ("en", "fr", "es", "ar", "zh-hans", "ru", "pt")

TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "submission_published": {
        "en": (
            "Your submission has been published",
            'Your submission "$title" has been published as received:\n$url\n\n'
            "Thank you for contributing to the regional review.\n",
        ),
        "fr": (
            "Votre contribution a été publiée",
            "Votre contribution « $title » a été publiée telle que reçue :\n$url\n\n"
            "Merci de votre participation à l'examen régional.\n",
        ),
        "es": (
            "Su contribución se ha publicado",
            "Su contribución «$title» se ha publicado tal como se recibió:\n$url\n\n"
            "Gracias por participar en el examen regional.\n",
        ),
        "ar": (
            "تم نشر مساهمتك",
            "نُشرت مساهمتك «$title» كما وردت:\n$url\n\nشكرًا لمشاركتك في الاستعراض الإقليمي.\n",
        ),
        "zh-hans": (
            "您的材料已发布",
            "您的材料《$title》已按原样发布：\n$url\n\n感谢您参与区域审查。\n",
        ),
        "ru": (
            "Ваш материал опубликован",
            "Ваш материал «$title» опубликован в полученном виде:\n$url\n\n"
            "Спасибо за участие в региональном обзоре.\n",
        ),
        "pt": (
            "A sua contribuição foi publicada",
            "A sua contribuição «$title» foi publicada tal como recebida:\n$url\n\n"
            "Obrigado por participar na revisão regional.\n",
        ),
    },
    "submission_rejected": {
        "en": (
            "Your submission could not be published",
            'The task team could not publish your submission "$title".\n\n'
            "Reason: $reason\n\nYou may send a new submission.\n",
        ),
        "fr": (
            "Votre contribution n'a pas pu être publiée",
            "L'équipe spéciale n'a pas pu publier votre contribution « $title ».\n\n"
            "Motif : $reason\n\nVous pouvez envoyer une nouvelle contribution.\n",
        ),
        "es": (
            "No se pudo publicar su contribución",
            "El equipo de tareas no pudo publicar su contribución «$title».\n\n"
            "Motivo: $reason\n\nPuede enviar una nueva contribución.\n",
        ),
        "ar": (
            "تعذّر نشر مساهمتك",
            "لم يتمكن فريق العمل من نشر مساهمتك «$title».\n\nالسبب: $reason\n\n"
            "يمكنك إرسال مساهمة جديدة.\n",
        ),
        "zh-hans": (
            "您的材料无法发布",
            "工作组无法发布您的材料《$title》。\n\n原因：$reason\n\n您可以提交新的材料。\n",
        ),
        "ru": (
            "Ваш материал не может быть опубликован",
            "Целевая группа не смогла опубликовать ваш материал «$title».\n\n"
            "Причина: $reason\n\nВы можете отправить новый материал.\n",
        ),
        "pt": (
            "Não foi possível publicar a sua contribuição",
            "A equipa de trabalho não pôde publicar a sua contribuição «$title».\n\n"
            "Motivo: $reason\n\nPode enviar uma nova contribuição.\n",
        ),
    },
    "subscription_confirmation": {
        "en": (
            "Please confirm your subscription",
            "Please confirm that you want to receive updates from: $list_name.\n\n"
            "Confirm: $confirm_url\n",
        ),
        "fr": (
            "Veuillez confirmer votre abonnement",
            "Veuillez confirmer que vous souhaitez recevoir les informations de : "
            "$list_name.\n\nConfirmer : $confirm_url\n",
        ),
        "es": (
            "Confirme su suscripción",
            "Confirme que desea recibir novedades de: $list_name.\n\nConfirmar: $confirm_url\n",
        ),
        "ar": (
            "يُرجى تأكيد اشتراكك",
            "يُرجى تأكيد رغبتك في تلقي المستجدات من: $list_name.\n\nللتأكيد: $confirm_url\n",
        ),
        "zh-hans": (
            "请确认您的订阅",
            "请确认您希望接收以下来源的最新消息：$list_name。\n\n确认：$confirm_url\n",
        ),
        "ru": (
            "Подтвердите подписку",
            "Подтвердите, что хотите получать новости: $list_name.\n\nПодтвердить: $confirm_url\n",
        ),
        "pt": (
            "Confirme a sua subscrição",
            "Confirme que pretende receber atualizações de: $list_name.\n\nConfirmar: "
            "$confirm_url\n",
        ),
    },
    # After the double opt-in: the subscription holds, and here is the way out.
    "subscription_welcome": {
        "en": (
            "Your subscription is confirmed",
            "You will receive updates from: $list_name.\n\n"
            "To stop at any time, open: $unsubscribe_url\n",
        ),
        "fr": (
            "Votre abonnement est confirmé",
            "Vous recevrez les informations de : $list_name.\n\n"
            "Pour vous désabonner à tout moment, ouvrez : $unsubscribe_url\n",
        ),
        "es": (
            "Su suscripción está confirmada",
            "Recibirá novedades de: $list_name.\n\n"
            "Para darse de baja en cualquier momento, abra: $unsubscribe_url\n",
        ),
        "ar": (
            "تم تأكيد اشتراكك",
            "ستتلقى المستجدات من: $list_name.\n\n"
            "لإلغاء الاشتراك في أي وقت، افتح: $unsubscribe_url\n",
        ),
        "zh-hans": (
            "您的订阅已确认",
            "您将收到以下来源的最新消息：$list_name。\n\n随时退订，请打开：$unsubscribe_url\n",
        ),
        "ru": (
            "Ваша подписка подтверждена",
            "Вы будете получать новости: $list_name.\n\n"
            "Чтобы отписаться в любой момент, откройте: $unsubscribe_url\n",
        ),
        "pt": (
            "A sua subscrição está confirmada",
            "Vai receber atualizações de: $list_name.\n\n"
            "Para cancelar a qualquer momento, abra: $unsubscribe_url\n",
        ),
    },
    # To the reprisal desk's focal points: that an urgent report waits, never what it says.
    "reprisal.urgent": {
        "en": (
            "An urgent report is waiting",
            "An urgent report is waiting in the reprisal desk's queue ($region).\n\n"
            "Open it in the admin, with your passphrase: $queue_url\n",
        ),
        "fr": (
            "Un signalement urgent attend",
            "Un signalement urgent attend dans la file du guichet représailles ($region).\n\n"
            "Ouvrez-le dans l'administration, avec votre phrase secrète : $queue_url\n",
        ),
        "es": (
            "Un informe urgente espera",
            "Un informe urgente espera en la cola de la mesa de represalias ($region).\n\n"
            "Ábralo en la administración, con su frase de acceso: $queue_url\n",
        ),
        "ar": (
            "بلاغ عاجل في الانتظار",
            "بلاغ عاجل في انتظار مكتب الأعمال الانتقامية ($region).\n\n"
            "افتحه في لوحة الإدارة بعبارة المرور الخاصة بك: $queue_url\n",
        ),
        "zh-hans": (
            "有一份紧急报告待处理",
            "报复问题小组的队列中有一份紧急报告待处理（$region）。\n\n"
            "请在管理后台用您的密码短语打开：$queue_url\n",
        ),
        "ru": (
            "Ожидает срочное сообщение",
            "В очереди группы по репрессиям ожидает срочное сообщение ($region).\n\n"
            "Откройте его в панели администратора своей парольной фразой: $queue_url\n",
        ),
        "pt": (
            "Uma denúncia urgente aguarda",
            "Uma denúncia urgente aguarda na fila do balcão de represálias ($region).\n\n"
            "Abra-a na administração, com a sua frase-passe: $queue_url\n",
        ),
    },
}
TEMPLATES.update(registration_templates())
# To a staff member who asked to reset their admin password (the CMS sends it).
TEMPLATES["staff.password_reset"] = {
    "en": (
        "Reset your password",
        "To choose a new password for the account $username, open this link:\n$reset_url\n\n"
        "If you did not ask for this, ignore this e-mail: your password stays as it is.\n",
    ),
    "fr": (
        "Réinitialiser votre mot de passe",
        "Pour choisir un nouveau mot de passe pour le compte $username, ouvrez ce lien :\n"
        "$reset_url\n\nSi vous n'avez rien demandé, ignorez ce message : votre mot de passe "
        "reste inchangé.\n",
    ),
    "es": (
        "Restablezca su contraseña",
        "Para elegir una nueva contraseña para la cuenta $username, abra este enlace:\n"
        "$reset_url\n\nSi no lo solicitó, ignore este mensaje: su contraseña no cambia.\n",
    ),
    "ar": (
        "إعادة تعيين كلمة المرور",
        "لاختيار كلمة مرور جديدة للحساب $username، افتح هذا الرابط:\n$reset_url\n\n"
        "إذا لم تطلب ذلك، فتجاهل هذه الرسالة: تبقى كلمة المرور كما هي.\n",
    ),
    "zh-hans": (
        "重置您的密码",
        "要为账户 $username 设置新密码，请打开此链接：\n$reset_url\n\n"
        "如果您没有提出此请求，请忽略此邮件：您的密码保持不变。\n",
    ),
    "ru": (
        "Сброс пароля",
        "Чтобы выбрать новый пароль для учётной записи $username, откройте эту ссылку:\n"
        "$reset_url\n\nЕсли вы этого не запрашивали, проигнорируйте письмо: пароль "
        "останется прежним.\n",
    ),
    "pt": (
        "Redefinir a sua palavra-passe",
        "Para escolher uma nova palavra-passe para a conta $username, abra esta ligação:\n"
        "$reset_url\n\nSe não pediu isto, ignore esta mensagem: a sua palavra-passe "
        "mantém-se.\n",
    ),
}
# To a grievance reporter who left an e-mail address: a reply waits, never what it says.
TEMPLATES["grievance.reply_waiting"] = REPLY_WAITING
with_reporting_lines(TEMPLATES)
# Anyone can cause these by typing an address: why it came, and the way out.
with_never_mail_lines(TEMPLATES, UNSOLICITED)
# To operators (no reporting line, no way out: they are staff).
TEMPLATES.update(OPS_TEXTS)
DEFAULT_LANGUAGE = "en"


def french_spacing(text: str) -> str:
    """French typography: a no-break space before : ; ! ? and » and after «, so the sign
    never starts a line. Applied to our own texts, never to what people typed."""
    return re.sub(r" ([:;!?»])", "\u00a0\\1", text).replace("« ", "«\u00a0")


for _texts in TEMPLATES.values():
    if "fr" in _texts:
        _texts["fr"] = tuple(french_spacing(text) for text in _texts["fr"])


def render(template: str, language: str, context: dict) -> tuple[str, str]:
    """`(subject, body)` in `language` (or its base language), else in English."""
    texts = TEMPLATES[template]
    language = language.lower()
    base = language.split("-")[0]
    chosen = texts.get(language) or next(
        (text for code, text in texts.items() if code.split("-")[0] == base), None
    )
    subject, body = chosen or texts[DEFAULT_LANGUAGE]
    return subject, Template(body).safe_substitute(context)


# To a staff member whose account gained a second factor or new recovery codes (the CMS).
TEMPLATES["staff.second_factor_changed"] = {
    "en": (
        "Your sign-in was changed",
        "A second factor (an authenticator app, a security key or new recovery codes) was "
        "added to the account $username.\n\nIf this was you, there is nothing to do. If it "
        "was not, someone knows your password: tell your administrator at once.\n",
    ),
    "fr": (
        "Votre connexion a été modifiée",
        "Un second facteur (une application d'authentification, une clé de sécurité ou de "
        "nouveaux codes de secours) a été ajouté au compte $username.\n\nSi c'était vous, "
        "vous n'avez rien à faire. Sinon, quelqu'un connaît votre mot de passe : prévenez "
        "tout de suite votre administrateur.\n",
    ),
    "es": (
        "Se modificó su inicio de sesión",
        "Se añadió un segundo factor (una aplicación de autenticación, una llave de seguridad "
        "o nuevos códigos de recuperación) a la cuenta $username.\n\nSi fue usted, no tiene "
        "que hacer nada. Si no, alguien conoce su contraseña: avise de inmediato a su "
        "administrador.\n",
    ),
    "ar": (
        "تم تغيير تسجيل دخولك",
        "أُضيف عامل ثانٍ (تطبيق مصادقة أو مفتاح أمان أو رموز استرداد جديدة) إلى الحساب "
        "$username.\n\nإذا كنت أنت من فعل ذلك، فلا شيء عليك. وإن لم تكن أنت، فهناك من يعرف "
        "كلمة مرورك: أبلغ المسؤول فورًا.\n",
    ),
    "zh-hans": (
        "您的登录方式已更改",
        "账户 $username 添加了第二因素（身份验证应用、安全密钥或新的恢复码）。\n\n"
        "如果是您本人操作，则无需任何处理。如果不是，说明有人知道您的密码：请立即告知您的管理员。\n",
    ),
    "ru": (
        "Способ входа изменён",
        "К учётной записи $username добавлен второй фактор (приложение-аутентификатор, ключ "
        "безопасности или новые коды восстановления).\n\nЕсли это сделали вы, ничего делать "
        "не нужно. Если нет, кто-то знает ваш пароль: немедленно сообщите администратору.\n",
    ),
    "pt": (
        "O seu início de sessão foi alterado",
        "Foi adicionado um segundo fator (uma aplicação de autenticação, uma chave de "
        "segurança ou novos códigos de recuperação) à conta $username.\n\nSe foi o próprio, "
        "não precisa de fazer nada. Se não foi, alguém sabe a sua palavra-passe: avise de "
        "imediato o seu administrador.\n",
    ),
}
