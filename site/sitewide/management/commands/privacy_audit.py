from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from coopsite.sitewide.demo import DEMO_ACCOUNTS
from coopsite.sitewide.privacy_audit import (
    DEMO_USERNAMES,
    ROLES,
    Auditor,
    ClientFetcher,
    HttpFetcher,
    Viewer,
)


class Command(BaseCommand):
    help = _(
        "Privacy matrix: crawls the site as each demo role (administrator, editor, committee, "
        "member, anonymous), requests every URL found by one role as every other role, then "
        "every pattern of the URL resolver filled with real ids, and reports every response "
        "that holds what that role may not see, and the patterns it could not fill."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            help=_(
                "address of a running site on this database (e.g. http://127.0.0.1:8000); "
                "without it, requests go through Django's test client"
            ),
        )
        parser.add_argument(
            "--roles",
            default=",".join(ROLES),
            help=_("roles to audit, separated by commas (default: all)"),
        )
        parser.add_argument(
            "--max-urls",
            type=int,
            default=None,
            help=_("most URLs crawled per role"),
        )
        parser.add_argument("--output", help=_("also write the table to this file"))

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self._handle(**options)

    def _handle(self, base_url, roles, max_urls, output, **options):
        roles = [role.strip() for role in roles.split(",") if role.strip()]
        unknown = [role for role in roles if role not in ROLES]
        if unknown:
            raise CommandError(
                _("Unknown role(s): %(roles)s. Choose among: %(known)s.")
                % {"roles": ", ".join(unknown), "known": ", ".join(ROLES)}
            )
        if base_url:
            try:
                HttpFetcher(base_url)
            except ValueError as error:
                raise CommandError(str(error)) from error
        User = get_user_model()
        passwords = {account.username: account.password for account in DEMO_ACCOUNTS}
        fetchers, viewers = {}, {}
        for role in roles:
            username = DEMO_USERNAMES.get(role)
            user = User.objects.filter(username=username).first() if username else None
            if username and user is None:
                raise CommandError(
                    _("The demo account %(username)s is missing: run load_demo first.")
                    % {"username": username}
                )
            viewers[role] = Viewer.of(user)
            if base_url:
                fetcher = HttpFetcher(base_url)
                if username:
                    try:
                        fetcher.login(username, passwords[username])
                    except (RuntimeError, OSError) as error:
                        raise CommandError(
                            _("Cannot log in as %(username)s on %(url)s: %(error)s")
                            % {"username": username, "url": base_url, "error": error}
                        ) from error
            else:
                fetcher = ClientFetcher(user)
            fetchers[role] = fetcher
        host = HttpFetcher(base_url).host if base_url else "testserver"
        kwargs = {"max_urls": max_urls} if max_urls else {}
        auditor = Auditor(fetchers, viewers, host=host, **kwargs)
        result = auditor.run(progress=lambda message: self.stderr.write(message))
        table = result.table()
        self.stdout.write(table)
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(table + "\n")
        if result.leaks:
            raise CommandError(
                _("%(count)d leak(s) found: see the table above.") % {"count": len(result.leaks)}
            )
        self.stdout.write(self.style.SUCCESS(_("No leak.")))
