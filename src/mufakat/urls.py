from django.contrib import admin
from django.urls import include, path

from mufakat.api.urls import api
from mufakat.web.accounts.forms import ThrottledAdminAuthenticationForm

# The admin's login counts against the same throttle as the web login, and says so when it refuses.
admin.site.login_form = ThrottledAdminAuthenticationForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("mufakat.web.urls")),
]
