"""Pluggable backends for tests: an SMS backend that records, an identity provider that refuses."""

from ..identity import IdentityCheck


class RecordingBackend:
    sent: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        RecordingBackend.sent.append((phone, text))


class RefusingProvider:
    def verify_person(self, name, citizen_id):
        return IdentityCheck(False, "公安部门身份核验未通过。")

    def verify_company(self, credit_code, name, representative_name, representative_citizen_id):
        return IdentityCheck(False, "市场监管部门核验未通过。")
