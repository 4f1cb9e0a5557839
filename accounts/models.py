"""What a user chose for themselves: for now, the language of the app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserPreference(models.Model):
    """A user's saved choices. The language wins over what the browser asks for (SPEC §12)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="preference",
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True, default=""
    )

    class Meta:
        verbose_name = _("user preference")
        verbose_name_plural = _("user preferences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language or '-'}"


class RateLimitEntry(models.Model):
    """The table of the `ratelimit` cache when there is no Redis (config/ratelimit.py): log-in
    failures, sign-ups and time-scale switches counted for every app server at once.

    Rows are written by Django's database cache, never through this model. It is declared so
    that `migrate` creates the table on every database (no `createcachetable` step to forget)
    and a test database's flush empties it; the columns are the ones `createcachetable` makes.
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "accounts_ratelimit"
        verbose_name = _("rate-limit count")
        verbose_name_plural = _("rate-limit counts")

    def __str__(self) -> str:
        return self.cache_key
