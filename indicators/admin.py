from django.contrib import admin

from indicators.models import PriceSeries


@admin.register(PriceSeries)
class PriceSeriesAdmin(admin.ModelAdmin):
    list_display = (
        "symbol",
        "name",
        "market",
        "bar_count",
        "first_date",
        "last_date",
        "updated_at",
    )
    search_fields = ("symbol", "name")
    readonly_fields = ("bar_count", "first_date", "last_date", "digest", "updated_at")
