"""What each kind of tool does to the world, as MCP tool annotations a host can act on.

Every tool carries all four hints, so a host can run the read-only ones freely
and ask before the ones that spend credits or cancel work.
"""

from __future__ import annotations

from mcp.types import ToolAnnotations

__all__ = ["CANCELS", "EDITS", "IMPORTS", "READS", "SPENDS", "SWITCHES"]

# Reads the project, the balance or a price: changes nothing.
READS = ToolAnnotations(
    read_only_hint=True, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)
# Changes the draft or makes a project; undo takes an edit back.
EDITS = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
)
# Makes another project the current one: calling it twice is calling it once.
SWITCHES = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=True, open_world_hint=False
)
# Adds media, fetching URLs from the web.
IMPORTS = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=True
)
# Queues a render that freezes credits (an `idempotency_key` makes a retry safe).
SPENDS = ToolAnnotations(
    read_only_hint=False, destructive_hint=False, idempotent_hint=False, open_world_hint=False
)
# Stops a render: the work done is lost (its credits come back).
CANCELS = ToolAnnotations(
    read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=False
)
