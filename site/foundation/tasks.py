"""Site-wide background tasks (`django_tasks`): the password reset e-mail.

The request only enqueues the task (coopsite.foundation.accounts.PasswordResetForm); the worker
renders and sends the e-mail, in the language of the request. The reset link is made by the worker:
the queue (a table of the database, kept in backups) holds the account's id, never a link that
would open the account. The e-mail is the one Django's PasswordResetForm would have sent.

The task's path (`coopsite.foundation.tasks.send_password_reset_email`) is stored in the queue:
rename it only once the queue is empty.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template import loader
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

logger = logging.getLogger(__name__)

# E-mails run before Wagtail's own tasks (priority 0) when the queue is long.
EMAIL_TASK_PRIORITY = 10


@task(priority=EMAIL_TASK_PRIORITY)
def send_password_reset_email(
    *,
    user_id,
    email,
    language,
    domain,
    site_name,
    protocol,
    subject_template_name,
    email_template_name,
    html_email_template_name=None,
    from_email=None,
    extra_context=None,
):
    """Render and send the reset e-mail to `email`, the address the request matched.

    Nothing is sent when the account can no longer reset its password by e-mail (deleted,
    deactivated, no usable password) or its address changed meanwhile. A failure to send
    fails the task (recorded in the queue), where Django's form only logs it.
    """
    user_model = get_user_model()
    user = user_model._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        logger.info("No password reset e-mail: account %s cannot reset its password", user_id)
        return "skipped: account unavailable"
    if getattr(user, user_model.get_email_field_name(), "").lower() != email.lower():
        logger.info("No password reset e-mail: the address of account %s changed", user_id)
        return "skipped: address changed"
    with translation.override(language):
        context = {
            "email": email,
            "domain": domain,
            "site_name": site_name,
            "uid": urlsafe_base64_encode(force_bytes(user_model._meta.pk.value_to_string(user))),
            "user": user,
            "token": default_token_generator.make_token(user),
            "protocol": protocol,
            **(extra_context or {}),
        }
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        message = EmailMultiAlternatives(subject, body, from_email, [email])
        if html_email_template_name is not None:
            html = loader.render_to_string(html_email_template_name, context)
            message.attach_alternative(html, "text/html")
    message.send()
    return "sent"
