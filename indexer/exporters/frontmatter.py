"""YAML front matter that stays valid whatever the captured strings hold.

Every string is written double-quoted. A JSON string literal is almost a YAML double-quoted
scalar already (same escapes for quotes, backslashes and control characters); the characters
YAML reads differently from JSON are escaped on top: DEL and the C1 controls are not allowed raw
in a YAML stream, and NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR are line breaks in YAML 1.1
(PyYAML), which would fold inside a quoted scalar and change the value.
"""

import json
import re
from collections.abc import Mapping, Sequence

_YAML_ONLY = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

Value = str | Sequence[str] | None


def yaml_string(value: str) -> str:
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_ONLY.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def front_matter(fields: Mapping[str, Value], *, dates: Sequence[str] = ()) -> str:
    """``---``-fenced YAML for the fields that have a value; lists become block sequences.

    Keys named in ``dates`` holding YYYY-MM-DD are left unquoted, so Obsidian types them as
    dates. Keys are trusted (they are ours), values are not.
    """
    lines = ["---"]
    for key, value in fields.items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, str):
            plain = key in dates and _DATE.fullmatch(value)
            lines.append(f"{key}: {value if plain else yaml_string(value)}")
        else:
            lines.append(f"{key}:")
            lines.extend(f"  - {yaml_string(item)}" for item in value)
    lines.append("---")
    return "\n".join(lines) + "\n"
