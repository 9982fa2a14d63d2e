"""The OpenID Connect client of 统一身份认证 (authlib's Django client, decision 0095).

authlib keeps state, nonce and the PKCE verifier in the session under the state's key and
deletes them when the callback reads them (a replayed state finds nothing), exchanges the code
with the client secret, and verifies the ID token's signature with the keys of the provider's
JWKS. Its default claims check covers the issuer but not the audience (an `aud` that is not ours
passes when `azp` names us), so the options here require both, and `_strict_audience` refuses a
token that also names other audiences (OpenID Connect Core 3.1.3.7, point 3).

Hall and workbench are two registrations of the same client, each with its own callback address,
so a state started for one door cannot finish at the other."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from joserfc.errors import JoseError

log = logging.getLogger("yichuang.sso")

PURPOSES = ("hall", "staff")
_apps: dict[tuple, object] = {}


class LoginRefused(Exception):
    """A login through the platform that must not go on: `code` for the log, `message` for people."""

    def __init__(self, code: str, message: str):
        super().__init__(code)
        self.code, self.message = code, message


AGAIN = "请回到登录页重新点击“用统一身份认证登录”。"


def config() -> dict:
    return settings.YICHUANG_OIDC


def enabled() -> bool:
    """OIDC is off until the provider's address, client id and secret are all set."""
    c = config()
    return bool(c["URL"] and c["CLIENT_ID"] and c["CLIENT_SECRET"])


def app(purpose: str):
    """The authlib client for `purpose`, made once per configuration (it caches the provider's
    discovery document and keys)."""
    c = config()
    key = (purpose, c["URL"], c["CLIENT_ID"], c["CLIENT_SECRET"], c["SCOPE"])
    if key not in _apps:
        _apps[key] = OAuth().register(
            name=f"yichuang_{purpose}",
            client_id=c["CLIENT_ID"],
            client_secret=c["CLIENT_SECRET"],
            server_metadata_url=c["URL"].rstrip("/") + "/.well-known/openid-configuration",
            client_kwargs={"scope": c["SCOPE"], "code_challenge_method": "S256", "default_timeout": c["TIMEOUT"]},
        )
    return _apps[key]


def _claims_options(client) -> dict:
    issuer = client.load_server_metadata().get("issuer")
    if issuer != config()["URL"].rstrip("/"):  # discovery must name the issuer we were configured with
        raise LoginRefused("issuer_mismatch", "统一身份认证平台的配置与本系统不一致,请联系管理员。")
    return {
        "iss": {"essential": True, "value": issuer},
        "aud": {"essential": True, "value": config()["CLIENT_ID"]},
        "sub": {"essential": True},
    }


def _strict_audience(claims) -> None:
    aud = claims.get("aud")
    if (aud if isinstance(aud, list) else [aud]) != [config()["CLIENT_ID"]]:
        raise LoginRefused("audience", "身份令牌不是签发给本系统的。" + AGAIN)


@dataclass(frozen=True)
class Verified:
    claims: dict


def _guarded(step):
    """Run a step of the flow; every failure becomes a LoginRefused whose code is all the log gets
    (never a token, a code or a claim)."""
    try:
        return step()
    except LoginRefused:
        raise
    except MismatchingStateError:
        raise LoginRefused("state", "登录请求已失效或已使用。" + AGAIN)
    except (AuthlibBaseError, JoseError, ValueError, KeyError) as exc:
        raise LoginRefused(f"token:{type(exc).__name__}", "统一身份认证未能通过核验。" + AGAIN)
    except requests.RequestException as exc:
        raise LoginRefused(
            f"unreachable:{type(exc).__name__}", "统一身份认证平台暂时无法连接,请稍后再试或用手机验证码登录。"
        )


def finish(request, purpose: str) -> Verified:
    """The callback's work: state, code exchange (with the PKCE verifier), ID token verified."""
    client = app(purpose)

    def step():
        token = client.authorize_access_token(request, claims_options=_claims_options(client))
        if not token.get("userinfo"):  # authlib verifies only an ID token that is there
            raise LoginRefused("no_id_token", "统一身份认证未返回身份令牌。" + AGAIN)
        _strict_audience(token["userinfo"])
        return Verified(dict(token["userinfo"]))

    return _guarded(step)


def verify_id_token(purpose: str, token: dict, nonce: str) -> Verified:
    """The same verification as `finish` for a token response already in hand."""
    client = app(purpose)

    def step():
        claims = client.parse_id_token(token, nonce=nonce, claims_options=_claims_options(client))
        _strict_audience(claims)
        return Verified(dict(claims))

    return _guarded(step)


def logout_url(purpose: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's end-session address (RP-initiated logout), or None if it has none."""
    try:
        metadata = app(purpose).load_server_metadata()
    except (requests.RequestException, ValueError) as exc:
        log.warning("sso logout: provider unreachable (%s)", type(exc).__name__)
        return None
    endpoint = metadata.get("end_session_endpoint")
    if not endpoint:
        return None
    from urllib.parse import urlencode

    query = urlencode({"client_id": config()["CLIENT_ID"], "post_logout_redirect_uri": post_logout_redirect_uri})
    return f"{endpoint}?{query}"
