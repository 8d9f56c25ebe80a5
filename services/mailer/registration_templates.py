"""The registration service's e-mails in the seven site languages (subjects carry no
personal data). Variables: $name, $event_title, $reference, $my_registration_url and the
links named in each text."""

from __future__ import annotations

from .registration_decision_texts import DECISION_TEXTS

SIGN = {
    "en": "The Regional Review secretariat",
    "fr": "Le secrétariat de l'examen régional",
    "es": "La secretaría del examen regional",
    "ar": "أمانة الاستعراض الإقليمي",
    "zh-hans": "区域审查秘书处",
    "ru": "Секретариат регионального обзора",
    "pt": "O secretariado da revisão regional",
}
HELLO = {
    "en": "Dear $name,",
    "fr": "Bonjour $name,",
    "es": "Estimado/a $name:",
    "ar": "عزيزي/عزيزتي $name،",
    "zh-hans": "$name，您好：",
    "ru": "Уважаемый(ая) $name!",
    "pt": "Caro/a $name,",
}
MINE = {
    "en": "See, correct or withdraw your registration, or download or erase your data: "
    "$my_registration_url",
    "fr": "Consulter, corriger ou retirer votre inscription, télécharger ou effacer vos "
    "données : $my_registration_url",
    "es": "Consulte, corrija o retire su inscripción, o descargue o borre sus datos: "
    "$my_registration_url",
    "ar": "للاطلاع على تسجيلك أو تصحيحه أو سحبه، أو تنزيل بياناتك أو محوها: $my_registration_url",
    "zh-hans": "查看、更正或撤回您的注册，或下载、删除您的数据：$my_registration_url",
    "ru": "Просмотреть, исправить или отозвать регистрацию, скачать или удалить свои данные: "
    "$my_registration_url",
    "pt": "Consulte, corrija ou retire a sua inscrição, ou descarregue ou apague os seus "
    "dados: $my_registration_url",
}

# When the meeting starts, in the event's own zone with its UTC offset ($event_when is
# written by the registration service in the reader's language), in these e-mails.
WHEN = {
    "en": "Date and time: $event_when",
    "fr": "Date et heure : $event_when",
    "es": "Fecha y hora: $event_when",
    "ar": "الموعد: $event_when",
    "zh-hans": "时间：$event_when",
    "ru": "Дата и время: $event_when",
    "pt": "Data e hora: $event_when",
}
WITH_WHEN = {
    "registration_confirmation",
    "nomination_request",
    "authorisation_request",
    "guardian_consent_request",
    "decision_selected",
    "decision_waitlisted",
    "waitlist_promotion",
    "join_details",
}

# template → language → (subject, the lines between the greeting and the signature)
TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "registration_confirmation": {
        "en": (
            "Your registration has been received",
            "We have received your registration for: $event_title.\nYour reference is "
            "$reference. The secretariat will write to you again once registration is "
            "reviewed.",
        ),
        "fr": (
            "Votre inscription a été reçue",
            "Nous avons bien reçu votre inscription à : $event_title.\nVotre référence est "
            "$reference. Le secrétariat vous écrira de nouveau après l'examen des inscriptions.",
        ),
        "es": (
            "Hemos recibido su inscripción",
            "Hemos recibido su inscripción para: $event_title.\nSu referencia es $reference. "
            "La secretaría le escribirá de nuevo cuando se revisen las inscripciones.",
        ),
        "ar": (
            "تم استلام تسجيلك",
            "تلقّينا تسجيلك في: $event_title.\nرقمك المرجعي هو $reference. ستكتب إليك الأمانة "
            "مرة أخرى بعد مراجعة التسجيلات.",
        ),
        "zh-hans": (
            "我们已收到您的注册",
            "我们已收到您对以下活动的注册：$event_title。\n您的参考编号为 $reference。"
            "注册审核后，秘书处将再次与您联系。",
        ),
        "ru": (
            "Ваша регистрация получена",
            "Мы получили вашу регистрацию на: $event_title.\nВаш номер: $reference. "
            "Секретариат напишет вам снова после рассмотрения регистраций.",
        ),
        "pt": (
            "A sua inscrição foi recebida",
            "Recebemos a sua inscrição para: $event_title.\nA sua referência é $reference. "
            "O secretariado voltará a escrever-lhe depois de rever as inscrições.",
        ),
    },
    "registration_link": {
        "en": (
            "Your registration link",
            "Here is a new link to your registration for: $event_title.",
        ),
        "fr": (
            "Votre lien d'inscription",
            "Voici un nouveau lien vers votre inscription à : $event_title.",
        ),
        "es": (
            "Su enlace de inscripción",
            "Este es un nuevo enlace a su inscripción para: $event_title.",
        ),
        "ar": ("رابط تسجيلك", "إليك رابطًا جديدًا إلى تسجيلك في: $event_title."),
        "zh-hans": ("您的注册链接", "这是您在以下活动注册的新链接：$event_title。"),
        "ru": ("Ссылка на вашу регистрацию", "Вот новая ссылка на вашу регистрацию: $event_title."),
        "pt": (
            "A sua ligação de inscrição",
            "Eis uma nova ligação para a sua inscrição em: $event_title.",
        ),
    },
    "nomination_request": {
        "en": (
            "You have been nominated",
            "$nominator_name ($nominator_organisation) has nominated you for: $event_title.\n"
            "The nomination counts only once you accept it: $accept_url",
        ),
        "fr": (
            "Vous avez été proposé·e",
            "$nominator_name ($nominator_organisation) vous a proposé·e pour : $event_title.\n"
            "La proposition ne compte qu'une fois acceptée : $accept_url",
        ),
        "es": (
            "Le han propuesto",
            "$nominator_name ($nominator_organisation) le ha propuesto para: $event_title.\n"
            "La propuesta solo cuenta cuando usted la acepte: $accept_url",
        ),
        "ar": (
            "تم ترشيحك",
            "رشّحك $nominator_name ($nominator_organisation) لـ: $event_title.\n"
            "لا يُعتدّ بالترشيح إلا بعد قبولك له: $accept_url",
        ),
        "zh-hans": (
            "您已被提名",
            "$nominator_name（$nominator_organisation）提名您参加：$event_title。\n"
            "提名须经您接受后方才有效：$accept_url",
        ),
        "ru": (
            "Вас выдвинули",
            "$nominator_name ($nominator_organisation) выдвигает вас: $event_title.\n"
            "Выдвижение учитывается только после вашего согласия: $accept_url",
        ),
        "pt": (
            "Foi nomeado/a",
            "$nominator_name ($nominator_organisation) nomeou-o/a para: $event_title.\n"
            "A nomeação só conta depois de a aceitar: $accept_url",
        ),
    },
    "authorisation_request": {
        "en": (
            "Please confirm an authorisation to speak",
            "$applicant_name has asked to speak on behalf of $organisation at: $event_title, "
            "and named you as the focal point who authorises this.\nIf you do, confirm here: "
            "$authorise_url\nIf you do not, ignore this message: nothing will be recorded.",
        ),
        "fr": (
            "Merci de confirmer une autorisation de prise de parole",
            "$applicant_name demande à prendre la parole au nom de $organisation lors de : "
            "$event_title, et vous désigne comme point focal qui l'y autorise.\nSi c'est le cas, "
            "confirmez ici : $authorise_url\nSinon, ignorez ce message : rien ne sera enregistré.",
        ),
        "es": (
            "Confirme una autorización para intervenir",
            "$applicant_name ha pedido intervenir en nombre de $organisation en: $event_title, "
            "y le ha indicado a usted como punto focal que lo autoriza.\nSi es así, confirme "
            "aquí: $authorise_url\nSi no, ignore este mensaje: no se registrará nada.",
        ),
        "ar": (
            "يُرجى تأكيد تفويض بالتحدث",
            "طلب $applicant_name التحدث باسم $organisation في: $event_title، وذكرك بصفتك جهة "
            "الاتصال التي تفوّضه بذلك.\nإن كان الأمر كذلك فأكّد هنا: $authorise_url\n"
            "وإلا فتجاهل هذه الرسالة ولن يُسجَّل شيء.",
        ),
        "zh-hans": (
            "请确认发言授权",
            "$applicant_name 申请在以下活动中代表 $organisation 发言：$event_title，"
            "并指定您为授权其发言的联络人。\n如您同意，请在此确认：$authorise_url\n"
            "如不同意，请忽略此邮件，系统不会记录任何内容。",
        ),
        "ru": (
            "Подтвердите полномочия на выступление",
            "$applicant_name просит выступить от имени $organisation: $event_title, и указал(а) "
            "вас как контактное лицо, которое это разрешает.\nЕсли это так, подтвердите: "
            "$authorise_url\nЕсли нет, проигнорируйте письмо: ничего не будет записано.",
        ),
        "pt": (
            "Confirme uma autorização para intervir",
            "$applicant_name pediu para intervir em nome de $organisation em: $event_title, e "
            "indicou-o/a como ponto focal que o autoriza.\nSe for o caso, confirme aqui: "
            "$authorise_url\nSe não, ignore esta mensagem: nada será registado.",
        ),
    },
    "guardian_consent_request": {
        "en": (
            "Consent needed for a young participant",
            "$applicant_name, who is under 18, has registered for: $event_title, and gave your "
            "address as a parent's or guardian's.\nTo consent, open: $consent_url\n"
            "Without your consent the registration will not go ahead.",
        ),
        "fr": (
            "Consentement requis pour un jeune participant",
            "$applicant_name, qui a moins de 18 ans, s'est inscrit·e à : $event_title, et a donné "
            "votre adresse comme celle d'un parent ou tuteur.\nPour consentir, ouvrez : "
            "$consent_url\nSans votre consentement, l'inscription n'ira pas plus loin.",
        ),
        "es": (
            "Se necesita consentimiento para un participante menor",
            "$applicant_name, menor de 18 años, se ha inscrito en: $event_title, y dio su "
            "dirección como la de su madre, padre o tutor.\nPara consentir, abra: $consent_url\n"
            "Sin su consentimiento la inscripción no seguirá adelante.",
        ),
        "ar": (
            "مطلوب موافقة لمشارك قاصر",
            "سجّل $applicant_name، وهو دون الثامنة عشرة، في: $event_title، وذكر عنوانك بصفتك "
            "وليّ أمره.\nللموافقة افتح: $consent_url\nلن يُستكمل التسجيل دون موافقتك.",
        ),
        "zh-hans": (
            "未成年参与者需要监护人同意",
            "未满18岁的 $applicant_name 已注册参加：$event_title，并填写了您作为父母或监护人的"
            "地址。\n如同意，请打开：$consent_url\n未经您同意，注册将不会继续。",
        ),
        "ru": (
            "Нужно согласие для несовершеннолетнего участника",
            "$applicant_name (младше 18 лет) зарегистрировался(ась): $event_title, и указал(а) "
            "ваш адрес как адрес родителя или опекуна.\nЧтобы дать согласие, откройте: "
            "$consent_url\nБез вашего согласия регистрация не будет продолжена.",
        ),
        "pt": (
            "É necessário consentimento para um participante menor",
            "$applicant_name, com menos de 18 anos, inscreveu-se em: $event_title, e indicou o "
            "seu endereço como o de um progenitor ou tutor.\nPara consentir, abra: $consent_url\n"
            "Sem o seu consentimento a inscrição não avança.",
        ),
    },
}
TEXTS["registration_withdrawn"] = {
    "en": (
        "Your registration is withdrawn",
        "Your registration for: $event_title (reference $reference) is withdrawn, as you "
        "asked. If you did not ask for this, or change your mind, register again while "
        "registration is open.",
    ),
    "fr": (
        "Votre inscription est retirée",
        "Votre inscription à : $event_title (référence $reference) est retirée, comme vous "
        "l'avez demandé. Si vous ne l'avez pas demandé, ou si vous changez d'avis, "
        "inscrivez-vous de nouveau tant que les inscriptions sont ouvertes.",
    ),
    "es": (
        "Su inscripción ha sido retirada",
        "Su inscripción para: $event_title (referencia $reference) ha sido retirada, como "
        "usted pidió. Si no lo pidió, o si cambia de opinión, inscríbase de nuevo mientras "
        "la inscripción esté abierta.",
    ),
    "ar": (
        "تم سحب تسجيلك",
        "تم سحب تسجيلك في: $event_title (الرقم المرجعي $reference) بناءً على طلبك. إن لم "
        "تطلب ذلك أو غيّرت رأيك، فسجّل مرة أخرى ما دام التسجيل مفتوحًا.",
    ),
    "zh-hans": (
        "您的注册已撤回",
        "您在以下活动的注册已按您的要求撤回：$event_title（参考编号 $reference）。"
        "如果这不是您的要求，或您改变了主意，请在注册开放期间重新注册。",
    ),
    "ru": (
        "Ваша регистрация отозвана",
        "Ваша регистрация на: $event_title (номер $reference) отозвана по вашей просьбе. "
        "Если вы об этом не просили или передумали, зарегистрируйтесь снова, пока "
        "регистрация открыта.",
    ),
    "pt": (
        "A sua inscrição foi retirada",
        "A sua inscrição em: $event_title (referência $reference) foi retirada, como pediu. "
        "Se não o pediu, ou se mudar de ideias, inscreva-se de novo enquanto as inscrições "
        "estiverem abertas.",
    ),
}
TEXTS.update(DECISION_TEXTS)
NO_SELF_LINK = {"authorisation_request", "guardian_consent_request"}


def registration_templates() -> dict[str, dict[str, tuple[str, str]]]:
    """Each text with its greeting, the "my registration" line and the signature."""
    built = {}
    for key, languages in TEXTS.items():
        built[key] = {}
        for language, (subject, middle) in languages.items():
            hello = "" if key == "guardian_consent_request" else HELLO[language] + "\n\n"
            mine = "" if key in NO_SELF_LINK else f"\n\n{MINE[language]}"
            when = f"\n\n{WHEN[language]}" if key in WITH_WHEN else ""
            built[key][language] = (
                subject,
                f"{hello}{middle}{when}{mine}\n\n{SIGN[language]}\n",
            )
    return built
