"""python -m township_desk"""

import sys

from township_desk.cli import main

sys.exit(main())
