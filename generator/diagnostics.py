"""Errors that point at a file, a line and a column, like a compiler's."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input file; ``line`` and ``column`` count from 1."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in the input, with what to do about it."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: error: {self.message}"


class DossierError(Exception):
    """Raised when the input is invalid; carries every problem found, in file order."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics)
        super().__init__(self.report())

    def __reduce__(self) -> tuple[type[DossierError], tuple[list[Diagnostic]]]:
        """Pickled with its diagnostics, to come back whole from another process."""
        return (DossierError, (self.diagnostics,))

    def report(self) -> str:
        lines = [str(d) for d in self.diagnostics]
        count = len(self.diagnostics)
        lines.append(f"{count} error{'s' if count != 1 else ''} found.")
        return "\n".join(lines)


@dataclass
class DiagnosticSink:
    """Collects diagnostics so that one run reports all of them at once."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, location: Location, message: str) -> None:
        self.diagnostics.append(Diagnostic(location, message))

    def raise_if_any(self) -> None:
        if self.diagnostics:
            raise DossierError(self.diagnostics)
