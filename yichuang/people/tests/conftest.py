import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Staff users from UserFactory get a password; PBKDF2 would spend most of this suite's time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
