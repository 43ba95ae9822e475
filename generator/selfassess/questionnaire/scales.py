"""The answer scales every questionnaire can name without defining them."""

from __future__ import annotations

NOT_APPLICABLE = "na"  # the answer id of "Not applicable"; no scale may use it

BUILTIN_SCALES: dict[str, list[dict]] = {
    "yes-no": [
        {"id": "yes", "label": "Yes", "value": 1},
        {"id": "no", "label": "No", "value": 0},
    ],
    "yes-partly-no": [
        {"id": "yes", "label": "Yes", "value": 1},
        {"id": "partly", "label": "Partly", "value": 0.5},
        {"id": "no", "label": "No", "value": 0},
    ],
    # A 0-100 rating as eleven radio buttons: native, keyboard-friendly, and scored as value/100.
    "rating-100": [{"id": str(n), "label": str(n), "value": n / 100} for n in range(0, 101, 10)],
}
