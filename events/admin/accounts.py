"""Accounts and roles: the permission screens offer this product's rights only, not the
framework's internals (sessions, content types, log entries, revisions)."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission, User

OFFERED_APPS = ("events", "auth", "axes")  # axes: who may unlock a locked-out login


def _offered(db_field, kwargs):
    """The product's rights only, on the screens that grant permissions."""
    if db_field.name in ("permissions", "user_permissions"):
        kwargs["queryset"] = Permission.objects.filter(
            content_type__app_label__in=OFFERED_APPS
        ).select_related("content_type")
    return kwargs


class RoleAdmin(GroupAdmin):
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **_offered(db_field, kwargs))


class AccountAdmin(UserAdmin):
    list_display = ["username", "email", "is_staff", "is_active", "roles"]

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **_offered(db_field, kwargs))

    @admin.display(description="roles")
    def roles(self, user: User) -> str:
        return ", ".join(group.name for group in user.groups.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")


admin.site.unregister(Group)
admin.site.register(Group, RoleAdmin)
admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
