from django.contrib import admin

from accounts.forms import AdminLoginForm

# The admin's own log-in page would otherwise let anyone guess passwords without limit.
admin.site.login_form = AdminLoginForm
