"""Admin changelist date filters that cannot fail on an impossible date.

`?published_at__year=9999` makes Django's date hierarchy compute the start of year 10000,
`…__year=99999999999` cannot be a date at all, and `created_at__year=9999&…__month=12`
overflows a month later: each was a 500. Every ModelAdmin with a date hierarchy or a date
filter takes DateFiltersMixin, which checks such parameters before Django reads them and
answers an impossible one with the list without it and a message saying why.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpResponseRedirect
from django.utils.dateparse import parse_date, parse_datetime

# Years whose whole span, shifted by any time zone, stays representable (as the archive).
YEARS = range(1000, 9999)
_PARTS = {"year", "iso_year", "month", "day", "week", "week_day", "iso_week_day", "quarter"}
_LIMITS = {"month": (1, 12), "day": (1, 31), "week": (1, 53), "week_day": (1, 7),
           "iso_week_day": (1, 7), "quarter": (1, 4)}  # fmt: skip
_COMPARISONS = {"exact", "gt", "gte", "lt", "lte"}


def _date_field(model, path: list[str]):
    """The date or datetime field a lookup path ends at, or None."""
    field = None
    for name in path:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return None
        model = field.related_model or model
    return field if isinstance(field, models.DateField) else None


def _valid_part(part: str, value: str) -> bool:
    if not (value.isascii() and value.isdigit() and len(value) <= 4):
        return False
    number = int(value)
    if part in ("year", "iso_year"):
        return number in YEARS
    low, high = _LIMITS[part]
    return low <= number <= high


def _valid_moment(field, value: str) -> bool:
    moment = parse_datetime(value) if isinstance(field, models.DateTimeField) else None
    moment = moment or _parse_date(value)
    return moment is not None and moment.year in YEARS


def _parse_date(value: str):
    try:
        return parse_date(value.strip()[:10])
    except ValueError:  # well formed, impossible: 2026-02-31
        return None


def invalid_date_params(model, params) -> list[str]:
    """The query parameters naming an impossible date for a date field of `model`."""
    bad = []
    for key, values in params.lists():
        *path, lookup = key.split("__")
        field = _date_field(model, path) if path else None
        if field is None or not (lookup in _PARTS or lookup in _COMPARISONS):
            continue
        check = _valid_part if lookup in _PARTS else _valid_moment
        if not all(check(lookup if lookup in _PARTS else field, value) for value in values):
            bad.append(key)
    return bad + _impossible_day(model, params, bad)


def _impossible_day(model, params, bad) -> list[str]:
    """year, month and day that are each fine but no date together (2026-02-31)."""
    found = []
    for key in params:
        if not key.endswith("__day") or key in bad:
            continue
        prefix = key.removesuffix("__day")
        year, month = params.get(f"{prefix}__year"), params.get(f"{prefix}__month")
        if year and month and f"{prefix}__year" not in bad and f"{prefix}__month" not in bad:
            try:
                date(int(year), int(month), int(params[key]))
            except ValueError:
                found.append(key)
    return found


class DateFiltersMixin:
    """For a ModelAdmin: an impossible date in the list's filters is dropped with a
    message, instead of failing deep inside the changelist."""

    def changelist_view(self, request, extra_context=None):
        bad = invalid_date_params(self.model, request.GET)
        if not bad:
            return super().changelist_view(request, extra_context)
        # The whole filter on that field goes: a month left without its year means nothing.
        fields = sorted({key.rsplit("__", 1)[0] for key in bad})
        messages.warning(request, f"日期筛选超出范围，已取消：{'、'.join(fields)}")
        query = request.GET.copy()
        for key in list(query):
            if key.rsplit("__", 1)[0] in fields:
                del query[key]
        return HttpResponseRedirect(request.path + (f"?{query.urlencode()}" if query else ""))


def has_date_filters(model_admin) -> bool:
    if model_admin.date_hierarchy:
        return True
    for entry in model_admin.list_filter:
        name = entry[0] if isinstance(entry, tuple) else entry
        if isinstance(name, str) and _date_field(model_admin.model, name.split("__")):
            return True
    return False


def guard_every_admin(site) -> None:
    """Give the mixin to every registered ModelAdmin with date filters that lacks it,
    third-party ones included (django-axes' access logs): run once admin modules are
    loaded (CoreConfig.ready)."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, DateFiltersMixin) or not has_date_filters(model_admin):
            continue
        cls = type(model_admin)
        guarded = type(cls.__name__, (DateFiltersMixin, cls), {"__module__": cls.__module__})
        site.unregister(model)
        site.register(model, guarded)
