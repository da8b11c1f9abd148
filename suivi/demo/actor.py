"""Who the demo loader acts as in services and in the audit trail."""

from suivi.core.actors import system

LOADER = system("load_demo")
