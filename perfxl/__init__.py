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
    _tolerant_output(sys.stdout, sys.stderr)
    try:
        from perfxl.cli import main
    except KeyboardInterrupt:
        sys.exit(130)
    try:
        main()
    except OSError as error:  # click's own output (--help) to a full disk or a closed stream
        from perfxl.cli import report_output_failure

        report_output_failure(error)
    finally:
        # the command has ended and said so: a signal now, while Python shuts down, would
        # end it as killed (exit -2 or 143, no message) after everything was written
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _tolerant_output(*streams: object) -> None:
    """Output to a console or file in a legacy encoding (GBK, as Chinese Windows redirects
    `perfxl check > 结果.txt`) shows a character it lacks (›, ␊) as "?": it stopped the
    command, exit 2, halfway through its report."""
    import codecs

    codecs.register_error("perfxl", _nearest)
    for stream in streams:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        try:
            if codecs.lookup(encoding).name != "utf-8":
                stream.reconfigure(errors="perfxl")  # type: ignore[attr-defined]
        except (LookupError, AttributeError, ValueError):  # not a text stream we can set
            continue


_NEAREST = {"\u203a": ">", "\u2039": "<", "\u2192": "->", "\u2013": "-", "\u2212": "-"}


def _nearest(error: UnicodeError) -> tuple[str, int]:
    """What a legacy encoding lacks, as near as it can show it: the › between file, sheet
    and cell as >, a control picture (␊) as a space, anything else as ?."""
    assert isinstance(error, UnicodeEncodeError)
    lacking = error.object[error.start:error.end]
    return "".join(_NEAREST.get(c, " " if "\u2400" <= c <= "\u241f" else "?")
                   for c in lacking), error.end
