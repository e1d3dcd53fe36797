"""The `newsbot` command line: one module per command group, and the REPL."""
