"""``python -m crm_agents``: see ``crm_agents.cli``."""

import sys

from crm_agents.cli import main

sys.exit(main())
