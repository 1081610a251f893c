from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.users.models import UserProfile


@receiver(post_save, sender=get_user_model())
def speak_french_to_new_users(sender, instance, created, raw=False, **kwargs):
    """New accounts get the admin in French whatever their browser says.

    Without a preference, Wagtail follows the browser's Accept-Language; the cooperative works
    in French, so the preference starts as French (each user may change it in "Mon compte").
    """
    if created and not raw:
        UserProfile.objects.update_or_create(
            user=instance, defaults={"preferred_language": settings.LANGUAGE_CODE}
        )
