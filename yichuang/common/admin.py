"""Admin building blocks shared by the apps."""


class ReadOnlyAdmin:
    """For records that only services may write (audit log, licences, mandates): the admin
    shows them but can neither add, change nor delete them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
