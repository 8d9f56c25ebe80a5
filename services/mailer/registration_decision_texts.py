"""The registration service's e-mails about decisions and the meeting itself, in the seven
site languages (the greeting, "my registration" line and signature are added by
`registration_templates`)."""

from __future__ import annotations

# template → language → (subject, the lines between the greeting and the signature)
DECISION_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "decision_selected": {
        "en": (
            "You have been selected",
            "You have been selected for: $event_title.\nPlease confirm that you will take part, through your registration page.",
        ),
        "fr": (
            "Vous avez été sélectionné·e",
            "Vous avez été sélectionné·e pour : $event_title.\nMerci de confirmer votre participation sur la page de votre inscription.",
        ),
        "es": (
            "Ha sido seleccionado/a",
            "Ha sido seleccionado/a para: $event_title.\nConfirme su participación en la página de su inscripción.",
        ),
        "ar": ("تم اختيارك", "تم اختيارك لـ: $event_title.\nيُرجى تأكيد مشاركتك من صفحة تسجيلك."),
        "zh-hans": ("您已入选", "您已入选：$event_title。\n请通过您的注册页面确认参加。"),
        "ru": (
            "Вы отобраны",
            "Вы отобраны: $event_title.\nПодтвердите участие на странице вашей регистрации.",
        ),
        "pt": (
            "Foi selecionado/a",
            "Foi selecionado/a para: $event_title.\nConfirme a sua participação na página da sua inscrição.",
        ),
    },
    "decision_waitlisted": {
        "en": (
            "You are on the waiting list",
            "You are on the waiting list for: $event_title. We will write if a place becomes free.",
        ),
        "fr": (
            "Vous êtes sur la liste d'attente",
            "Vous êtes sur la liste d'attente pour : $event_title. Nous vous écrirons si une place se libère.",
        ),
        "es": (
            "Está en la lista de espera",
            "Está en la lista de espera para: $event_title. Le escribiremos si queda libre una plaza.",
        ),
        "ar": (
            "أنت على قائمة الانتظار",
            "أنت على قائمة الانتظار لـ: $event_title. سنكتب إليك إذا شغر مكان.",
        ),
        "zh-hans": (
            "您已列入候补名单",
            "您已列入以下活动的候补名单：$event_title。如有空缺，我们会通知您。",
        ),
        "ru": (
            "Вы в листе ожидания",
            "Вы в листе ожидания: $event_title. Мы напишем, если освободится место.",
        ),
        "pt": (
            "Está na lista de espera",
            "Está na lista de espera para: $event_title. Escreveremos se vagar um lugar.",
        ),
    },
    "decision_not_selected": {
        "en": (
            "About your registration",
            "We are sorry: you were not selected for: $event_title. Thank you for your interest; you can follow the review through its public pages.",
        ),
        "fr": (
            "À propos de votre inscription",
            "Nous sommes désolés : vous n'avez pas été sélectionné·e pour : $event_title. Merci de votre intérêt ; vous pouvez suivre l'examen sur ses pages publiques.",
        ),
        "es": (
            "Sobre su inscripción",
            "Lo sentimos: no ha sido seleccionado/a para: $event_title. Gracias por su interés; puede seguir el examen en sus páginas públicas.",
        ),
        "ar": (
            "بشأن تسجيلك",
            "نأسف: لم يتم اختيارك لـ: $event_title. شكرًا لاهتمامك؛ يمكنك متابعة الاستعراض عبر صفحاته العامة.",
        ),
        "zh-hans": (
            "关于您的注册",
            "很遗憾，您未入选：$event_title。感谢您的关注，您可通过公开页面关注审查进展。",
        ),
        "ru": (
            "О вашей регистрации",
            "К сожалению, вы не отобраны: $event_title. Спасибо за интерес; следить за обзором можно на его открытых страницах.",
        ),
        "pt": (
            "Sobre a sua inscrição",
            "Lamentamos: não foi selecionado/a para: $event_title. Obrigado pelo seu interesse; pode acompanhar a revisão nas suas páginas públicas.",
        ),
    },
    "decision_ineligible": {
        "en": (
            "About your registration",
            "Your registration for: $event_title does not meet the criteria. Reason: $reason",
        ),
        "fr": (
            "À propos de votre inscription",
            "Votre inscription à : $event_title ne remplit pas les critères. Motif : $reason",
        ),
        "es": (
            "Sobre su inscripción",
            "Su inscripción para: $event_title no cumple los criterios. Motivo: $reason",
        ),
        "ar": ("بشأن تسجيلك", "تسجيلك في: $event_title لا يستوفي المعايير. السبب: $reason"),
        "zh-hans": ("关于您的注册", "您在以下活动的注册不符合标准：$event_title。原因：$reason"),
        "ru": (
            "О вашей регистрации",
            "Ваша регистрация на: $event_title не соответствует критериям. Причина: $reason",
        ),
        "pt": (
            "Sobre a sua inscrição",
            "A sua inscrição em: $event_title não cumpre os critérios. Motivo: $reason",
        ),
    },
    "waitlist_promotion": {
        "en": (
            "A place is free for you",
            "A place has become free for: $event_title, and it is yours. Please confirm that you will take part, through your registration page.",
        ),
        "fr": (
            "Une place se libère pour vous",
            "Une place s'est libérée pour : $event_title, et elle est pour vous. Merci de confirmer votre participation sur la page de votre inscription.",
        ),
        "es": (
            "Hay una plaza para usted",
            "Ha quedado libre una plaza para: $event_title, y es para usted. Confirme su participación en la página de su inscripción.",
        ),
        "ar": (
            "شغر مكان لك",
            "شغر مكان في: $event_title وهو لك. يُرجى تأكيد مشاركتك من صفحة تسجيلك.",
        ),
        "zh-hans": (
            "为您空出了一个名额",
            "以下活动空出了一个名额，现分配给您：$event_title。请通过您的注册页面确认参加。",
        ),
        "ru": (
            "Для вас освободилось место",
            "Освободилось место: $event_title, и оно ваше. Подтвердите участие на странице вашей регистрации.",
        ),
        "pt": (
            "Vagou um lugar para si",
            "Vagou um lugar em: $event_title, e é seu. Confirme a sua participação na página da sua inscrição.",
        ),
    },
    "join_details": {
        "en": (
            "How to follow the meeting",
            "You can view and listen to: $event_title here: $join_url",
        ),
        "fr": ("Comment suivre la réunion", "Vous pouvez suivre : $event_title ici : $join_url"),
        "es": ("Cómo seguir la reunión", "Puede ver y escuchar: $event_title aquí: $join_url"),
        "ar": ("كيفية متابعة الاجتماع", "يمكنك مشاهدة: $event_title والاستماع إليه هنا: $join_url"),
        "zh-hans": ("如何收看会议", "您可在此收看收听：$event_title：$join_url"),
        "ru": (
            "Как следить за заседанием",
            "Смотреть и слушать: $event_title можно здесь: $join_url",
        ),
        "pt": ("Como acompanhar a reunião", "Pode ver e ouvir: $event_title aqui: $join_url"),
    },
    "recording_link": {
        "en": (
            "The recording is available",
            "The recording of: $event_title is available: $recording_url",
        ),
        "fr": (
            "L'enregistrement est disponible",
            "L'enregistrement de : $event_title est disponible : $recording_url",
        ),
        "es": (
            "La grabación está disponible",
            "La grabación de: $event_title está disponible: $recording_url",
        ),
        "ar": ("التسجيل متاح", "تسجيل: $event_title متاح: $recording_url"),
        "zh-hans": ("录像已发布", "以下活动的录像已发布：$event_title：$recording_url"),
        "ru": ("Запись доступна", "Запись: $event_title доступна: $recording_url"),
        "pt": (
            "A gravação está disponível",
            "A gravação de: $event_title está disponível: $recording_url",
        ),
    },
}
