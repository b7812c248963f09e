"""`ServiceState`: what every request handler shares, built once per web process."""

from __future__ import annotations

from dataclasses import dataclass, field

from diapo.service.clock import Clock, SystemClock
from diapo.service.db.engine import Database
from diapo.service.ingestpool import FairPool
from diapo.service.jobs import JobQueue
from diapo.service.settings import Settings
from diapo.service.signing import URLSigner
from diapo.service.storage import Storage
from diapo.service.storages import open_storage
from diapo.service.turnrunner import TurnRunner

__all__ = ["ServiceState"]


@dataclass
class ServiceState:
    """Everything a request handler needs: settings, database, files, queue, turns."""

    settings: Settings
    db: Database
    storage: Storage
    queue: JobQueue
    signer: URLSigner
    turns: TurnRunner
    ingest: FairPool
    clock: Clock = field(default_factory=SystemClock)

    @classmethod
    def create(cls, settings: Settings, *, clock: Clock | None = None) -> ServiceState:
        """The state for `settings`, with the database migrated to the newest schema."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        db = Database(settings.sqlalchemy_url)
        db.migrate()
        return cls(
            settings=settings,
            db=db,
            storage=open_storage(settings),
            # The web process only puts jobs on the queue; workers run them.
            queue=JobQueue(settings),
            signer=URLSigner(settings.signing_key, ttl_seconds=24 * 3600),
            turns=TurnRunner(
                processes=settings.chat_turn_processes,
                limit_seconds=settings.chat_turn_limit_seconds,
            ),
            ingest=FairPool(
                workers=settings.ingest_workers,
                heavy_slots=settings.ingest_max_concurrent_decodes,
            ),
            clock=clock or SystemClock(),
        )

    def close(self) -> None:
        """Stop the turn processes and the ingest pool, and close the database's connections."""
        self.turns.close()
        self.ingest.close()
        self.db.dispose()
