"""``python -m zhucan``."""

from zhucan.cli.main import main

main()
