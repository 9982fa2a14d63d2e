"""The quick reading of an intake body (api/intake_input.py) accepts only what the intake
serializer accepts, and gives exactly its data; everything else is judged, and its error
worded, by the serializer itself (issue 14 §5)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from yichuang.cases.api.intake_input import _fast, _Unusual, read_intake
from yichuang.cases.api.serializers import IntakeSerializer

texts = st.sampled_from(["330999100000", "甲", "", " a", "a ", "a\x00", "\ud800", "x" * 41, "0" * 13, "  "]) | st.text(
    max_size=14
)
ids = st.sampled_from([None, True, 1.0, "12", 0, -1, 2**63, 2**63 - 1, 7]) | st.integers(-2, 2**64)
dates = st.sampled_from(
    [None, 5, "", "2027-01-05", "2026-02-30", "20270105", "2027-W01-1", " 2027-01-05", "2027-1-5"]
) | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)).map(dt.date.isoformat)
statuses = st.sampled_from(["received", "missing", "deferred", "fetched", "bogus", "", 1, None])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | texts, lambda inner: st.lists(inner, max_size=3), max_leaves=6
)


good_text = st.sampled_from(["330999100000", "甲", "a b", "x" * 12])
good_material = st.fixed_dictionaries(
    {"status": st.sampled_from(["received", "missing", "deferred"])},
    optional={"promised_by": st.none() | st.dates().map(dt.date.isoformat), "note": st.sampled_from(["", "原件"])},
)
GOOD = {
    "site": good_text,
    "item": good_text,
    "item_version": st.none() | st.integers(1, 2**63 - 1),
    "applicant": st.fixed_dictionaries({"id": st.integers(1, 99)}, optional={"name": st.sampled_from(["", "乙"])})
    | st.fixed_dictionaries(
        {"kind": st.sampled_from(["natural", "legal"]), "number": good_text},
        optional={"name": good_text, "phone": st.just(""), "reason": good_text},
    ),
    "materials": st.dictionaries(st.sampled_from(["1", "2", "19"]), good_material, max_size=3),
    "form_data": st.dictionaries(st.sampled_from(["a", "年龄"]), json_values, max_size=3),
    "channel": st.sampled_from(["window", "helper"]),
    "authorisation": st.none() | st.integers(1, 99),
}
REQUIRED = {"site", "item", "applicant"}
material = st.fixed_dictionaries(
    {}, optional={"status": statuses, "promised_by": dates, "note": texts, "x": json_values}
)
BAD = {
    "site": texts | json_values,
    "item": texts | json_values,
    "item_version": ids,
    "applicant": st.fixed_dictionaries(
        {},
        optional={"id": ids, "kind": st.sampled_from(["natural", "x", 1]), "number": texts, "name": texts},
    )
    | json_values,
    "materials": st.dictionaries(st.sampled_from(["1", "0", "x", "1" * 20]), material | json_values) | json_values,
    "form_data": st.dictionaries(texts, json_values, max_size=3) | json_values,
    "channel": st.sampled_from(["online", "", 3, None, "Window"]),
    "authorisation": ids,
}


@st.composite
def bodies(draw):
    """A well-formed body (optional fields drawn in or out), often with one or two fields
    spoilt (a wrong value, or left out)."""
    body = {name: draw(strategy) for name, strategy in GOOD.items() if name in REQUIRED or draw(st.booleans())}
    for name in draw(st.lists(st.sampled_from(sorted(GOOD)), max_size=2, unique=True)):
        if draw(st.booleans()):
            body[name] = draw(BAD[name])
        else:
            body.pop(name, None)
    return body


@settings(max_examples=400, deadline=None)
@given(bodies())
def test_what_the_quick_reading_accepts_the_serializer_accepts_with_the_same_data(body):
    serializer = IntakeSerializer(data=body)
    valid = serializer.is_valid()
    try:
        quick = _fast(body)
    except _Unusual:
        return
    assert valid, serializer.errors
    assert quick == serializer.validated_data


def test_a_usual_intake_body_is_read_without_the_serializer():
    body = {
        "site": "330999100000",
        "item": "330000000100",
        "applicant": {"id": 7},
        "materials": {"12": {"status": "received"}, "13": {"status": "deferred", "promised_by": "2027-01-05"}},
        "form_data": {"applicant": {"age": 80}},
    }
    quick = _fast(body)
    assert quick["materials"] == {
        12: {"status": "received"},
        13: {"status": "deferred", "promised_by": dt.date(2027, 1, 5)},
    }
    assert (quick["channel"], quick["applicant"]) == ("window", {"id": 7})


def test_a_wrong_body_gets_the_serializers_error():
    body = {"site": "330999100000", "item": "", "applicant": {"id": 7}}
    try:
        read_intake(body)
    except Exception as error:  # noqa: BLE001 — the serializer's ValidationError
        assert error.detail == {"item": [error.detail["item"][0]]} and error.detail["item"][0].code == "blank"
    else:
        raise AssertionError("a blank item was accepted")
