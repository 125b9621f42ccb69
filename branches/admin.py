from django.contrib import admin

from .models import Branch, Committee, GeneralBranch, Member, ModelPost, PartyGroup, Role, ShockTeam


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name"]


@admin.register(GeneralBranch)
class GeneralBranchAdmin(admin.ModelAdmin):
    list_display = ["name", "committee", "order"]


class PartyGroupInline(admin.TabularInline):
    model = PartyGroup
    extra = 0
    raw_id_fields = ["leader"]


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["name", "general_branch", "unit", "order"]
    list_filter = ["general_branch"]
    search_fields = ["name", "unit"]
    inlines = [PartyGroupInline]


class RoleInline(admin.TabularInline):
    model = Role
    extra = 0


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "employee_no", "branch", "status", "post", "is_active"]
    list_filter = ["status", "is_active", "branch__general_branch", "branch"]
    search_fields = ["name", "employee_no", "post"]
    list_select_related = ["branch"]
    raw_id_fields = ["user", "party_group"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "branch", "title"]
    list_filter = ["kind"]
    list_select_related = ["member", "branch"]
    raw_id_fields = ["member"]


@admin.register(PartyGroup)
class PartyGroupAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "leader"]
    list_select_related = ["branch", "leader"]
    raw_id_fields = ["leader"]


@admin.register(ModelPost)
class ModelPostAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "established_on"]
    filter_horizontal = ["members"]


@admin.register(ShockTeam)
class ShockTeamAdmin(admin.ModelAdmin):
    list_display = ["name", "branch", "leader", "established_on"]
    filter_horizontal = ["members"]
    raw_id_fields = ["leader"]


from . import affairs_admin  # noqa: E402,F401
