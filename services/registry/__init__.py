"""One registry picks every outside service's adapter from the configuration, once.

    from services.registry import registry
    composer = registry.get("composer")      # the same instance for every caller

Areas wrap it in typed accessors next to the interface (`services.ai.get_composer()`,
`services.mail.get_mailer()`, `services.billing.payments()`…); pages, states and jobs
call those and never build a client themselves. The services and their adapters are
declared in `table.py`; adding a provider is one `Adapter(...)` line there (or
`registry.add(...)` at run time), see "How to add a provider" in README.md.
"""

from __future__ import annotations

from services.registry.core import Adapter, Registry, Service, UnknownService
from services.registry.table import install

registry = Registry()
install(registry)

__all__ = ["Adapter", "Registry", "Service", "UnknownService", "registry"]
