"""Alerts to operators (`common.dead_letters`), in the seven site languages.

They name a service and a condition, and link to the admin's dead-letter screen: never a
recipient, a count or an error, so a replay of the same alert within the hour is the same
request. Variables: $service, $admin_url.
"""

from __future__ import annotations

DEAD_LETTERS = {
    "en": (
        "Messages failed for good",
        "The $service service has messages it could not send after every attempt. Requeue "
        "or discard them on the dead-letters screen:\n$admin_url\n",
    ),
    "fr": (
        "Des messages ont définitivement échoué",
        "Le service $service a des messages qu'il n'a pas pu envoyer malgré toutes les "
        "tentatives. Remettez-les en file ou abandonnez-les sur l'écran des messages en "
        "échec\u00a0:\n$admin_url\n",
    ),
    "es": (
        "Mensajes fallidos definitivamente",
        "El servicio $service tiene mensajes que no pudo enviar tras todos los intentos. "
        "Vuelva a ponerlos en cola o descártelos en la pantalla de mensajes fallidos:\n"
        "$admin_url\n",
    ),
    "ar": (
        "رسائل فشل إرسالها نهائيًا",
        "لدى خدمة $service رسائل تعذّر إرسالها بعد كل المحاولات. أعد إدراجها في قائمة "
        "الانتظار أو تجاهلها من شاشة الرسائل الفاشلة:\n$admin_url\n",
    ),
    "zh-hans": (
        "有消息最终发送失败",
        "$service 服务有消息在全部尝试后仍未能发送。请在失败消息页面将其重新排队或放弃：\n"
        "$admin_url\n",
    ),
    "ru": (
        "Сообщения окончательно не отправлены",
        "У службы $service есть сообщения, которые не удалось отправить после всех попыток. "
        "Верните их в очередь или отбросьте на экране неотправленных сообщений:\n"
        "$admin_url\n",
    ),
    "pt": (
        "Mensagens falharam definitivamente",
        "O serviço $service tem mensagens que não conseguiu enviar após todas as "
        "tentativas. Volte a colocá-las na fila ou descarte-as no ecrã de mensagens "
        "falhadas:\n$admin_url\n",
    ),
}
BACKLOG = {
    "en": (
        "Messages are waiting too long",
        "The oldest message waiting in the $service service is older than the alert "
        "threshold: its worker may be stopped or too slow.\n$admin_url\n",
    ),
    "fr": (
        "Des messages attendent trop longtemps",
        "Le plus ancien message en attente dans le service $service a dépassé le seuil "
        "d'alerte\u00a0: son processus de traitement est peut-être arrêté ou trop lent.\n"
        "$admin_url\n",
    ),
    "es": (
        "Hay mensajes esperando demasiado",
        "El mensaje pendiente más antiguo del servicio $service supera el umbral de alerta: "
        "su proceso de trabajo puede estar detenido o ser demasiado lento.\n$admin_url\n",
    ),
    "ar": (
        "رسائل تنتظر أكثر من اللازم",
        "تجاوزت أقدم رسالة منتظرة في خدمة $service حدّ التنبيه: قد تكون عملية المعالجة "
        "متوقفة أو بطيئة جدًا.\n$admin_url\n",
    ),
    "zh-hans": (
        "消息等待时间过长",
        "$service 服务中等待最久的消息已超过警报阈值：其后台进程可能已停止或过慢。\n$admin_url\n",
    ),
    "ru": (
        "Сообщения ждут слишком долго",
        "Самое старое ожидающее сообщение службы $service превысило порог оповещения: её "
        "фоновый процесс, возможно, остановлен или работает слишком медленно.\n$admin_url\n",
    ),
    "pt": (
        "Há mensagens à espera há demasiado tempo",
        "A mensagem pendente mais antiga do serviço $service ultrapassou o limiar de "
        "alerta: o seu processo de trabalho pode estar parado ou demasiado lento.\n"
        "$admin_url\n",
    ),
}
BOUNCE_RATE = {
    "en": (
        "Bounce rate over 2 %",
        "More than 2 % of the mails sent recently bounced. Past Amazon SES's limits the "
        "account may be paused: check the lists and imports before sending more.\n",
    ),
    "fr": (
        "Taux de rebonds supérieur à 2\u00a0%",
        "Plus de 2\u00a0% des messages envoyés récemment ont été rejetés. Au-delà des limites "
        "d'Amazon SES, le compte peut être suspendu\u00a0: vérifiez les listes et les "
        "importations avant d'envoyer davantage.\n",
    ),
    "es": (
        "Tasa de rebotes superior al 2 %",
        "Más del 2 % de los correos enviados recientemente rebotaron. Por encima de los "
        "límites de Amazon SES la cuenta puede suspenderse: revise las listas y las "
        "importaciones antes de enviar más.\n",
    ),
    "ar": (
        "معدل الارتداد يتجاوز 2 %",
        "ارتدّ أكثر من 2 % من الرسائل المرسلة مؤخرًا. قد يُعلَّق الحساب إذا تجاوز حدود "
        "Amazon SES: راجع القوائم والاستيرادات قبل إرسال المزيد.\n",
    ),
    "zh-hans": (
        "退信率超过 2%",
        "最近发送的邮件中有超过 2% 被退回。超过 Amazon SES 的限制后账户可能被暂停：请在继续发送前"
        "检查名单和导入。\n",
    ),
    "ru": (
        "Доля возвратов выше 2 %",
        "Более 2 % недавно отправленных писем вернулись. При превышении лимитов Amazon SES "
        "учётную запись могут приостановить: проверьте списки и импорт, прежде чем "
        "отправлять дальше.\n",
    ),
    "pt": (
        "Taxa de devoluções acima de 2 %",
        "Mais de 2 % das mensagens enviadas recentemente foram devolvidas. Acima dos "
        "limites do Amazon SES a conta pode ser suspensa: verifique as listas e as "
        "importações antes de enviar mais.\n",
    ),
}
COMPLAINT_RATE = {
    "en": (
        "Complaint rate over 0.05 %",
        "More than 0.05 % of the mails sent recently were reported as spam. Past Amazon "
        "SES's limits the account may be paused: check who is mailed, and why.\n",
    ),
    "fr": (
        "Taux de plaintes supérieur à 0,05\u00a0%",
        "Plus de 0,05\u00a0% des messages envoyés récemment ont été signalés comme "
        "indésirables. Au-delà des limites d'Amazon SES, le compte peut être "
        "suspendu\u00a0: vérifiez à qui l'on écrit, et pourquoi.\n",
    ),
    "es": (
        "Tasa de quejas superior al 0,05 %",
        "Más del 0,05 % de los correos enviados recientemente se marcaron como spam. Por "
        "encima de los límites de Amazon SES la cuenta puede suspenderse: revise a quién se "
        "escribe y por qué.\n",
    ),
    "ar": (
        "معدل الشكاوى يتجاوز 0.05 %",
        "أُبلغ عن أكثر من 0.05 % من الرسائل المرسلة مؤخرًا بوصفها بريدًا مزعجًا. قد يُعلَّق "
        "الحساب إذا تجاوز حدود Amazon SES: راجع من تُرسَل إليهم الرسائل ولماذا.\n",
    ),
    "zh-hans": (
        "投诉率超过 0.05%",
        "最近发送的邮件中有超过 0.05% 被举报为垃圾邮件。超过 Amazon SES 的限制后账户可能被暂停："
        "请检查收件人及发送原因。\n",
    ),
    "ru": (
        "Доля жалоб выше 0,05 %",
        "Более 0,05 % недавно отправленных писем отмечены как спам. При превышении лимитов "
        "Amazon SES учётную запись могут приостановить: проверьте, кому и зачем пишут.\n",
    ),
    "pt": (
        "Taxa de queixas acima de 0,05 %",
        "Mais de 0,05 % das mensagens enviadas recentemente foram assinaladas como spam. "
        "Acima dos limites do Amazon SES a conta pode ser suspensa: verifique a quem se "
        "escreve e porquê.\n",
    ),
}
OPS_TEXTS = {
    "ops.dead_letters": DEAD_LETTERS,
    "ops.backlog": BACKLOG,
    "ops.bounce_rate": BOUNCE_RATE,
    "ops.complaint_rate": COMPLAINT_RATE,
}
