"""The page a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE)."""

import math

from django.conf import settings
from django.shortcuts import render


def locked_out(request, original_response=None, credentials=None):
    """429 with a plain Chinese explanation and when to try again; never says which part
    (account or address) tripped the lock, nor whether the account exists."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    response = render(
        request,
        "admin/locked_out.html",
        {"minutes": math.ceil(seconds / 60), "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
