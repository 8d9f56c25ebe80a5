"""The registration service's e-mails in the seven site languages (subjects carry no
personal data). Variables: $name, $event_title, $reference, $my_registration_url and the
links named in each text; the mails to third parties (`THIRD_PARTY`) carry no $name and
nothing else the registrant typed. The registration service's context and these
variables are checked against each other (tests/services/registration/test_third_party_mail.py)."""

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
# To someone whose name we only have from another person: no name in the greeting.
HELLO_ANYONE = {
    "en": "Hello,",
    "fr": "Bonjour,",
    "es": "Hola:",
    "ar": "مرحبًا،",
    "zh-hans": "您好：",
    "ru": "Здравствуйте!",
    "pt": "Olá,",
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
    # To third parties (a nominee who has not accepted, a focal point, a guardian): the
    # address was typed by someone else, so nothing that person typed is in these texts
    # (no name, no organisation); the page behind the link shows what is asked.
    "nomination_request": {
        "en": (
            "You have been nominated",
            "You have been nominated to take part in: $event_title.\n"
            "The nomination counts only if you accept it. See it and accept it here: "
            "$accept_url\nIf you do nothing, nothing more happens.",
        ),
        "fr": (
            "Vous avez été proposé·e",
            "Vous avez été proposé·e pour participer à : $event_title.\n"
            "La proposition ne compte que si vous l'acceptez. Consultez-la et acceptez-la ici : "
            "$accept_url\nSi vous ne faites rien, rien de plus ne se passera.",
        ),
        "es": (
            "Le han propuesto",
            "Le han propuesto para participar en: $event_title.\n"
            "La propuesta solo cuenta si usted la acepta. Consúltela y acéptela aquí: "
            "$accept_url\nSi no hace nada, no ocurrirá nada más.",
        ),
        "ar": (
            "تم ترشيحك",
            "رُشِّحتَ للمشاركة في: $event_title.\n"
            "لا يُعتدّ بالترشيح إلا إذا قبلته. اطّلع عليه واقبله من هنا: $accept_url\n"
            "إذا لم تفعل شيئًا فلن يحدث أي شيء آخر.",
        ),
        "zh-hans": (
            "您已被提名",
            "您已被提名参加：$event_title。\n"
            "提名须经您接受后方才有效。请在此查看并接受：$accept_url\n"
            "如果您不采取任何行动，将不会有任何后续。",
        ),
        "ru": (
            "Вас выдвинули",
            "Вас выдвинули для участия: $event_title.\n"
            "Выдвижение учитывается только после вашего согласия. Посмотреть и принять его "
            "можно здесь: $accept_url\nЕсли вы ничего не сделаете, ничего больше не произойдёт.",
        ),
        "pt": (
            "Foi nomeado/a",
            "Foi nomeado/a para participar em: $event_title.\n"
            "A nomeação só conta se a aceitar. Veja-a e aceite-a aqui: $accept_url\n"
            "Se não fizer nada, nada mais acontecerá.",
        ),
    },
    "authorisation_request": {
        "en": (
            "Please confirm an authorisation to speak",
            "Someone has asked to speak at: $event_title, on behalf of an organisation, and "
            "named this address as the focal point who authorises it.\nSee the request, and "
            "confirm it if you agree: $authorise_url\nIf you do not, ignore this message: "
            "nothing will be recorded.",
        ),
        "fr": (
            "Merci de confirmer une autorisation de prise de parole",
            "Une personne demande à prendre la parole lors de : $event_title, au nom d'une "
            "organisation, et désigne cette adresse comme celle du point focal qui l'y "
            "autorise.\nConsultez la demande et confirmez-la si vous êtes d'accord : "
            "$authorise_url\nSinon, ignorez ce message : rien ne sera enregistré.",
        ),
        "es": (
            "Confirme una autorización para intervenir",
            "Una persona ha pedido intervenir en: $event_title, en nombre de una organización, "
            "y ha indicado esta dirección como la del punto focal que lo autoriza.\nConsulte "
            "la solicitud y confírmela si está de acuerdo: $authorise_url\nSi no, ignore este "
            "mensaje: no se registrará nada.",
        ),
        "ar": (
            "يُرجى تأكيد تفويض بالتحدث",
            "طلب شخص ما التحدث في: $event_title، باسم منظمة، وذكر هذا العنوان بوصفه عنوان جهة "
            "الاتصال التي تفوّضه بذلك.\nاطّلع على الطلب وأكّده إن كنت موافقًا: $authorise_url\n"
            "وإلا فتجاهل هذه الرسالة ولن يُسجَّل شيء.",
        ),
        "zh-hans": (
            "请确认发言授权",
            "有人申请代表某一组织在以下活动中发言：$event_title，并将此地址填写为授权其发言的"
            "联络人。\n请查看该申请，如您同意请确认：$authorise_url\n"
            "如不同意，请忽略此邮件，系统不会记录任何内容。",
        ),
        "ru": (
            "Подтвердите полномочия на выступление",
            "Кто-то просит выступить от имени организации: $event_title, и указал этот адрес "
            "как адрес контактного лица, которое это разрешает.\nПосмотрите запрос и "
            "подтвердите его, если согласны: $authorise_url\nЕсли нет, проигнорируйте письмо: "
            "ничего не будет записано.",
        ),
        "pt": (
            "Confirme uma autorização para intervir",
            "Alguém pediu para intervir em: $event_title, em nome de uma organização, e indicou "
            "este endereço como o do ponto focal que o autoriza.\nVeja o pedido e confirme-o se "
            "concordar: $authorise_url\nSe não, ignore esta mensagem: nada será registado.",
        ),
    },
    "guardian_consent_request": {
        "en": (
            "Consent needed for a young participant",
            "Someone under 18 has registered for: $event_title, and gave this address as a "
            "parent's or guardian's.\nSee the registration, and consent if you agree: "
            "$consent_url\nWithout your consent the registration will not go ahead.",
        ),
        "fr": (
            "Consentement requis pour un jeune participant",
            "Une personne de moins de 18 ans s'est inscrite à : $event_title, et a donné cette "
            "adresse comme celle d'un parent ou tuteur.\nConsultez l'inscription et donnez "
            "votre consentement si vous êtes d'accord : $consent_url\nSans votre consentement, "
            "l'inscription n'ira pas plus loin.",
        ),
        "es": (
            "Se necesita consentimiento para un participante menor",
            "Una persona menor de 18 años se ha inscrito en: $event_title, y dio esta dirección "
            "como la de su madre, padre o tutor.\nConsulte la inscripción y dé su "
            "consentimiento si está de acuerdo: $consent_url\nSin su consentimiento la "
            "inscripción no seguirá adelante.",
        ),
        "ar": (
            "مطلوب موافقة لمشارك قاصر",
            "سجّل شخص دون الثامنة عشرة في: $event_title، وذكر هذا العنوان بوصفه عنوان وليّ "
            "أمره.\nاطّلع على التسجيل ووافق عليه إن كنت موافقًا: $consent_url\n"
            "لن يُستكمل التسجيل دون موافقتك.",
        ),
        "zh-hans": (
            "未成年参与者需要监护人同意",
            "一名未满18岁的人已注册参加：$event_title，并将此地址填写为其父母或监护人的地址。\n"
            "请查看该注册，如您同意请表示同意：$consent_url\n未经您同意，注册将不会继续。",
        ),
        "ru": (
            "Нужно согласие для несовершеннолетнего участника",
            "Человек младше 18 лет зарегистрировался: $event_title, и указал этот адрес как "
            "адрес родителя или опекуна.\nПосмотрите регистрацию и дайте согласие, если "
            "согласны: $consent_url\nБез вашего согласия регистрация не будет продолжена.",
        ),
        "pt": (
            "É necessário consentimento para um participante menor",
            "Uma pessoa com menos de 18 anos inscreveu-se em: $event_title, e indicou este "
            "endereço como o de um progenitor ou tutor.\nVeja a inscrição e dê o seu "
            "consentimento se concordar: $consent_url\nSem o seu consentimento a inscrição "
            "não avança.",
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
# Their reader was named by someone else: they carry nothing that person typed.
THIRD_PARTY = {"nomination_request", "authorisation_request", "guardian_consent_request"}


def registration_templates() -> dict[str, dict[str, tuple[str, str]]]:
    """Each text with its greeting, the "my registration" line and the signature."""
    built = {}
    for key, languages in TEXTS.items():
        built[key] = {}
        for language, (subject, middle) in languages.items():
            hello = (HELLO_ANYONE if key in THIRD_PARTY else HELLO)[language] + "\n\n"
            mine = "" if key in NO_SELF_LINK else f"\n\n{MINE[language]}"
            when = f"\n\n{WHEN[language]}" if key in WITH_WHEN else ""
            built[key][language] = (
                subject,
                f"{hello}{middle}{when}{mine}\n\n{SIGN[language]}\n",
            )
    return built
