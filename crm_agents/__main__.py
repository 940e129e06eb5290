"""``python -m crm_agents``: see ``crm_agents.cli``."""

import sys

from crm_agents.cli import main

if __name__ == "__main__":
    sys.exit(main())
