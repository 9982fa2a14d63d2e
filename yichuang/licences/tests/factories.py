"""Licence bodies as the exchange issues them (docs/licence-exchange.md)."""

import itertools

from yichuang.people.licence_ids import make_licence_id

EXCHANGE_ISSUER = "11330000002482051P"  # a well-formed USCC of a fictional provincial body
_serials = itertools.count(1)


def exchange_body(holder, type_code="111", name="居民身份证", **overrides) -> dict:
    serial = next(_serials)
    body = {
        "number": make_licence_id(type_code, EXCHANGE_ISSUER, serial),
        "licence_type_code": type_code,
        "licence_type_name": name,
        "holder_name": holder.name,
        "holder_id_number": holder.number,
        "issuer_name": "某省公安厅",
        "issuer_credit_code": EXCHANGE_ISSUER,
        "issued_on": "2020-01-01",
        "valid_until": "2040-01-01",
        "data": {"签发机关": "某省公安厅"},
    }
    return {**body, **overrides}
