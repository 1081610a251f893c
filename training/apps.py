from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    verbose_name = _("Training")
    name = "training"
    default_auto_field = "django.db.models.BigAutoField"
