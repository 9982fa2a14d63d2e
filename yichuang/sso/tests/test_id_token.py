"""The ID token is verified before anyone is logged in (OpenID Connect Core 3.1.3.7): signature
by the provider's JWKS, issuer, audience, nonce, expiry. Tokens here are real ones from the local
provider process, obtained by a real code exchange, then changed as an attacker would."""

import base64
import json

import pytest
from authlib.integrations.requests_client import OAuth2Session

from .. import client
from .provider_process import OTHER_CLIENT_ID, OTHER_SECRET, query, sign_in

pytestmark = pytest.mark.django_db


def real_token(django_client, username: str = "newcomer") -> tuple[dict, str]:
    """A token response for our client, as the callback would get it, and the nonce it was asked with."""
    start = django_client.post("/sso/hall/start/")
    back = query(sign_in(start["Location"], username))
    state = django_client.session[f"_state_yichuang_hall_{back['state']}"]["data"]
    token = client.app("hall").fetch_access_token(
        code=back["code"], redirect_uri=state["redirect_uri"], code_verifier=state["code_verifier"]
    )
    return token, state["nonce"]


def other_apps_token(provider_url: str) -> tuple[dict, str]:
    """A genuine token the same provider issued to another government application."""
    metadata = client.app("hall").load_server_metadata()
    session = OAuth2Session(
        OTHER_CLIENT_ID,
        OTHER_SECRET,
        scope="openid profile idcard phone",
        redirect_uri="http://testserver/sso/hall/callback/",
        code_challenge_method="S256",
    )
    verifier = "v" * 64
    url, _ = session.create_authorization_url(metadata["authorization_endpoint"], nonce="n-1", code_verifier=verifier)
    back = query(sign_in(url, "newcomer"))
    return session.fetch_token(metadata["token_endpoint"], code=back["code"], code_verifier=verifier), "n-1"


def b64(part: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(part).encode()).rstrip(b"=").decode()


def unb64(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def with_payload(token: dict, **changes) -> dict:
    header, payload, signature = token["id_token"].split(".")
    return {**token, "id_token": ".".join([header, b64({**unb64(payload), **changes}), signature])}


def test_a_genuine_token_is_accepted(client_and_oidc):
    token, nonce = real_token(client_and_oidc)
    assert client.verify_id_token("hall", token, nonce).claims["sub"] == "gov-citizen-2"


def test_a_tampered_id_number_breaks_the_signature(client_and_oidc):
    token, nonce = real_token(client_and_oidc)
    with pytest.raises(client.LoginRefused) as refused:
        client.verify_id_token("hall", with_payload(token, id_number="330999194001010011"), nonce)
    assert refused.value.code.startswith("token:")


def test_a_token_signed_with_no_algorithm_is_refused(client_and_oidc):
    token, nonce = real_token(client_and_oidc)
    _, payload, _ = token["id_token"].split(".")
    unsigned = {**token, "id_token": f"{b64({'alg': 'none'})}.{payload}."}
    with pytest.raises(client.LoginRefused):
        client.verify_id_token("hall", unsigned, nonce)


def test_a_token_for_another_application_is_refused(client_and_oidc, oidc):
    token, nonce = other_apps_token(oidc)
    assert unb64(token["id_token"].split(".")[1])["aud"] == OTHER_CLIENT_ID  # genuine, and signed
    with pytest.raises(client.LoginRefused) as refused:
        client.verify_id_token("hall", token, nonce)
    assert refused.value.code == "token:InvalidClaimError"


def test_a_token_asked_for_with_another_nonce_is_refused(client_and_oidc):
    token, _ = real_token(client_and_oidc)
    with pytest.raises(client.LoginRefused):
        client.verify_id_token("hall", token, "another-nonce")


def test_an_expired_token_is_refused(client_and_oidc, time_machine):
    token, nonce = real_token(client_and_oidc)
    exp = unb64(token["id_token"].split(".")[1])["exp"]
    time_machine.move_to(exp + 121, tick=False)  # past authlib's two minutes of clock leeway
    with pytest.raises(client.LoginRefused):
        client.verify_id_token("hall", token, nonce)


def test_a_provider_whose_discovery_names_another_issuer_is_refused(client_and_oidc, settings):
    token, nonce = real_token(client_and_oidc)
    settings.YICHUANG_OIDC = {
        **settings.YICHUANG_OIDC,
        "URL": settings.YICHUANG_OIDC["URL"].replace("127.0.0.1", "localhost"),
    }
    with pytest.raises(client.LoginRefused) as refused:
        client.verify_id_token("hall", token, nonce)
    assert refused.value.code == "issuer_mismatch"
