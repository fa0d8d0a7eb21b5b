"""Entry point of the ``fgc`` command.

Each subcommand lives in its own module with two functions: ``register`` adds
its parser, ``run`` does the work. Modules import only ``argparse`` at the top
so that ``fgc --help`` starts fast; the library is imported inside ``run``.

Errors a user can cause (:class:`~fgc_standard.errors.FGCError`) end in one
clear line on standard error and a non-zero exit, never a traceback. Anything
else is a bug in the library: it too ends in one line, with exit code
:data:`BUG_EXIT_CODE` (so that ``fgc validate`` never reports a crash as
"errors found", exit 1), and ``FGC_DEBUG=1`` shows the traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from fgc_standard._version import STANDARD_VERSION, __version__

__all__ = ["BUG_EXIT_CODE", "COMMANDS", "build_parser", "main"]

#: The exit code of a failure that is not the user's doing (a bug to report).
BUG_EXIT_CODE = 3

#: Subcommand name -> module under ``fgc_standard.cli``. Add new commands here.
COMMANDS: dict[str, str] = {
    "schema": "schema_cmd",
    "demo": "demo_cmd",
    "synth": "synth_cmd",
    "validate": "validate_cmd",
    "rules": "rules_cmd",
    "aggregate": "aggregate_cmd",
    "aggregate-template": "aggregate_cmd",
    "cin": "cin_cmd",
    "pseudonymise": "pseudonymise_cmd",
    "minimise": "minimise_cmd",
    "convert": "convert_cmd",
    "template": "template_cmd",
}


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="fgc",
        description="The Family Group Conference data standard: schemas, conversion, "
        "validation and aggregation.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"fgc-standard {__version__} (standard {STANDARD_VERSION})",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f"fgc_standard.cli.{module_name}")
        module.register(subparsers, name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``fgc`` command and return its exit code."""
    from fgc_standard.errors import FGCError
    from fgc_standard.memory import use_batch_memory_pool

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    use_batch_memory_pool()  # a command reads its data once, then exits
    try:
        code: int = args.run(args)
    except FGCError as error:
        print(f"fgc {args.command}: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(f"fgc {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as error:
        if os.environ.get("FGC_DEBUG"):
            raise
        print(
            f"fgc {args.command}: internal error: {type(error).__name__}: {error}\n"
            "This is a bug in fgc-standard, not a problem with your data: please report it "
            "with the command you ran (FGC_DEBUG=1 shows the traceback).",
            file=sys.stderr,
        )
        return BUG_EXIT_CODE
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
