"""JSON request bodies read strictly (issue 13).

Python's json module reads `1e400` as float('inf') (DRF's strict mode only refuses the literal
words NaN/Infinity), and integers of any size: an infinite amount or a 31-digit id then reaches
the rules, the JSON columns (PostgreSQL's jsonb refuses Infinity) or a BIGINT column — a 500.
JSON numbers beyond ±(2^63−1) are not portable anyway (JavaScript loses them past 2^53).

Enable for every API view in settings.REST_FRAMEWORK:
    "DEFAULT_PARSER_CLASSES": ["yichuang.common.parsers.StrictJSONParser",
                               "rest_framework.parsers.FormParser", "rest_framework.parsers.MultiPartParser"],
"""

from __future__ import annotations

import codecs
import json
import math

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# BIGINT's range. Not imported from .params: this module loads with DRF's settings, and params'
# import of errors (and DRF's views) from here would be circular.
MAX_INTEGER = 2**63 - 1

MESSAGE = (
    "请求内容不是合法的 JSON:数字须为有限值,整数不超过 ±9223372036854775807,不接受 NaN、Infinity,"
    "文本中不能含 NUL 控制字符。"
)


class _NotFinite(ValueError):
    pass


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _NotFinite(text)
    return value


def _int(text: str) -> int:
    # The digits are checked before int() so that 5,000 digits are refused as too large, not by
    # Python's int() string limit with its English message.
    if len(text.lstrip("-")) > 19 or abs(int(text)) > MAX_INTEGER:
        raise _NotFinite(text[:40])
    return int(text)


def _constant(name: str):
    raise _NotFinite(name)


def _refuse_nul(value):
    # "\u0000" in a JSON string is a NUL, which PostgreSQL's text and jsonb refuse (a 500 there).
    if isinstance(value, str):
        if "\x00" in value:
            raise _NotFinite("NUL")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(key)
            _refuse_nul(item)
    elif isinstance(value, list):
        for item in value:
            _refuse_nul(item)
    return value


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            return _refuse_nul(
                json.load(
                    codecs.getreader(encoding)(stream), parse_constant=_constant, parse_float=_float, parse_int=_int
                )
            )
        except RecursionError:  # pathological nesting
            raise ParseError("请求内容不是合法的 JSON:嵌套层级过深。") from None
        except _NotFinite:
            raise ParseError(MESSAGE)
        except ValueError as exc:  # malformed JSON or bad encoding (UnicodeDecodeError is a ValueError)
            raise ParseError(f"请求内容不是合法的 JSON:{exc}")
