from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    # The link of the registration e-mails: a signed token, no login.
    path("inscriptions/annuler/<str:token>/", views.cancel_registration, name="cancel"),
]
