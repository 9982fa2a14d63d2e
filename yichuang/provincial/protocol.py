"""The data items every 办件信息 record must carry (docs/provincial-exchange.md), shared by the
record builder's tests and the reference receiver, which imports nothing of Django."""

REQUIRED = (
    "record_id",
    "version",
    "sender",
    "case_number",
    "basic_code",
    "item_name",
    "applicant_name",
    "applicant_id_type",
    "received_at",
    "status_code",
    "status",
    "stage_code",
    "stage",
    "occurred_at",
    "occurred_on",
)
