"""The imports in the admin: read-only, as they are records of what was brought in."""

from django.contrib import admin

from hongjun.admin import ReadOnlyAdmin

from .models import ImportBatch, ImportRow


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyAdmin):
    list_display = ["filename", "status", "created_by", "created_at", "applied_at"]
    list_filter = ["status"]


@admin.register(ImportRow)
class ImportRowAdmin(ReadOnlyAdmin):
    list_display = ["batch", "sheet", "line", "key", "action"]
    list_filter = ["sheet", "action"]
    raw_id_fields = ["batch"]
    list_select_related = ["batch"]
