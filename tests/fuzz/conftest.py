"""The fuzzer scripts are run as programs (see README.md), not collected: importing
``fuzz_readers.py`` needs atheris and instruments innoscope's modules."""
collect_ignore = ["fuzz_readers.py", "targets.py"]
