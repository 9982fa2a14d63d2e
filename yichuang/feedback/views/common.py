"""Who gets to a page at all: staff pages send strangers to the workbench login, citizen pages
to the portal's login once it exists."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import NoReverseMatch, reverse


def citizen_login_url() -> str:
    try:
        return reverse("portal:login")
    except NoReverseMatch:
        return settings.LOGIN_URL


def staff_login_url() -> str:
    return reverse("workbench:login")


def login_to(login_url):
    """Like login_required, but the login page is decided when the request comes (the portal
    may mount its login after this module is imported)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), login_url())
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


staff_login = login_to(staff_login_url)
citizen_login = login_to(citizen_login_url)
