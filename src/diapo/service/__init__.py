"""The Diapo service: the HTTP protocol server, its database, storage and render jobs.

create_app(settings) -> FastAPI      the web application
load_settings(**overrides)           the configuration (DIAPO_* variables)
run_worker(settings, workers=1)      a render worker process
"""

from diapo.service.app import create_app
from diapo.service.settings import Settings, load_settings
from diapo.service.worker import run_worker

__all__ = ["Settings", "create_app", "load_settings", "run_worker"]
