"""Development tools: the demo seeder and the company generator, with their commands.

Installed only so that `manage.py seed_demo` and `seed_company` are found; no request
imports anything from here (tests/hongjun/test_request_path.py holds that true).
"""

from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    name = "devtools"
    verbose_name = "Development tools"
