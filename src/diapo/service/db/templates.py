"""An account's own templates ("salva come modello"), kept as their JSON (migration 0008)."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm import Session as OrmSession

from diapo.draft.templates import Template, parse_template
from diapo.service.db.tables import Base, utcnow

__all__ = [
    "MAX_TEMPLATES",
    "UserTemplate",
    "account_templates",
    "delete_template",
    "new_template_id",
    "owned_template",
    "save_template",
]

#: How many templates one account may keep.
MAX_TEMPLATES = 100


class UserTemplate(Base):
    """A template an account saved: its id, revision and whole JSON."""

    __tablename__ = "user_templates"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"), index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def template(self) -> Template:
        return parse_template(self.body)


def new_template_id(name: str) -> str:
    """A fresh id that reads like the name ("Festa di Ada" -> festa-di-ada-3f2a91)."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "modello"
    return f"{slug}-{uuid.uuid4().hex[:6]}"


def save_template(*, db: OrmSession, account_id: str, template: Template) -> UserTemplate:
    row = UserTemplate(
        id=template.id,
        account_id=account_id,
        version=template.version,
        body=template.model_dump_json(exclude_none=True),
    )
    db.add(row)
    db.flush()
    return row


def account_templates(*, db: OrmSession, account_id: str) -> list[UserTemplate]:
    query = (
        select(UserTemplate)
        .where(UserTemplate.account_id == account_id)
        .order_by(UserTemplate.created_at.desc())
    )
    return list(db.scalars(query))


def owned_template(*, db: OrmSession, account_id: str, template_id: str) -> UserTemplate | None:
    row = db.get(UserTemplate, template_id)
    return row if row is not None and row.account_id == account_id else None


def delete_template(*, db: OrmSession, row: UserTemplate) -> None:
    db.delete(row)
    db.flush()
