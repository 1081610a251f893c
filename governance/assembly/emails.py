"""E-mails of the general assembly, in French: the convocation (each member's own signed link),
the reminder, a proxy received or revoked (to its holder), the results.

Each has a plain-text body and an HTML alternative (templates/assembly/emails/). They are sent
by the background tasks of `governance.assembly.tasks`, never by a request.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from coopsite.foundation.models import SiteSettings
from governance.models import Statutes

from . import services, tokens


def absolute(path):
    site = Site.objects.filter(is_default_site=True).first()
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or (site.root_url if site else "")
    return base.rstrip("/") + path


def convocation_url(*, assembly, member):
    """The member's own signed convocation link, absolute (e-mail and paper convocations)."""
    token = tokens.member_token(assembly=assembly, member=member, salt=tokens.SALT_CONVOCATION)
    return absolute(reverse("assembly:convocation", args=[assembly.pk, token]))


def assembly_context(assembly):
    statutes = Statutes.load()
    return {
        "assembly": assembly,
        "resolutions": list(assembly.resolutions.all()),
        "documents": list(assembly.documents.select_related("document")),
        "advance_vote_deadline": services.advance_vote_deadline(
            assembly=assembly, statutes=statutes
        ),
        "proxy_cap": statutes.proxy_cap,
        "assembly_url": absolute(assembly.url or "/"),
        "site_name": SiteSettings.load().cooperative_name,
    }


def _send(*, to, subject, template, context):
    with translation.override("fr"):
        message = EmailMultiAlternatives(
            subject=f"{subject} · {context['assembly'].title}",
            body=render_to_string(f"assembly/emails/{template}.txt", context),
            to=[to],
        )
        message.attach_alternative(
            render_to_string(f"assembly/emails/{template}.html", context), "text/html"
        )
        message.send()


def send_convocation(*, assembly, member, to):
    with translation.override("fr"):
        context = assembly_context(assembly) | {
            "member": member,
            "convocation_url": convocation_url(assembly=assembly, member=member),
        }
        _send(to=to, subject=_("Convocation"), template="convocation", context=context)


def send_reminder(*, assembly, member, to):
    with translation.override("fr"):
        context = assembly_context(assembly) | {
            "member": member,
            "convocation_url": convocation_url(assembly=assembly, member=member),
        }
        _send(to=to, subject=_("Reminder"), template="reminder", context=context)


def send_proxy_email(*, proxy, to, revoked):
    with translation.override("fr"):
        assembly = proxy.assembly
        context = assembly_context(assembly) | {
            "proxy": proxy,
            "giver": proxy.giver,
            "member": proxy.holder,
            "convocation_url": convocation_url(assembly=assembly, member=proxy.holder),
        }
        if revoked:
            _send(to=to, subject=_("Proxy revoked"), template="proxy_revoked", context=context)
        else:
            _send(to=to, subject=_("Proxy received"), template="proxy_received", context=context)


def send_results(*, assembly, member, to):
    with translation.override("fr"):
        context = assembly_context(assembly) | {"member": member}
        _send(to=to, subject=_("Results"), template="results", context=context)
