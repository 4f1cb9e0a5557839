"""Alias of `cleanup_old_data` under the name the deployment guide's file header uses."""

from detail_project.management.commands.cleanup_old_data import Command as CleanupOldData


class Command(CleanupOldData):
    pass
