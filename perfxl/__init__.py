"""perfxl: a bureau's annual performance assessment, run out of Excel."""

__version__ = "0.1.0"


def console() -> None:
    """The `perfxl` command. SIGTERM (`kill`, a scheduler's timeout) is taken as Ctrl-C, so
    a command ends the same way for both: its temporary files removed, its worker processes
    stopped, one line and exit status 130. Ctrl-C while perfxl is still starting ends it
    quietly as well."""
    import signal
    import sys

    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        from perfxl.cli import main
    except KeyboardInterrupt:
        sys.exit(130)
    try:
        main()
    except OSError as error:  # click's own output (--help) to a full disk or a closed stream
        from perfxl.cli import report_output_failure

        report_output_failure(error)
