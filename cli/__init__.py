"""dermatriage-cli: the command line, the floor above inference/, cases/ and exchange/ (one module per
group of commands: main.py parses and runs models / predict, cases.py, validation.py, exchange.py)."""
