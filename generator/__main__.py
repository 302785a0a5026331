"""`python -m generator` runs the `tandem` command line."""

from generator.cli import main

main()
