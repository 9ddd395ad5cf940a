"""`python -m vmv` runs the command line."""

from vmv.cli import main

main()
