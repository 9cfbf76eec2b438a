"""ConvertTo-Csv, ConvertFrom-Csv, Export-Csv, Import-Csv (PowerShell 7: no #TYPE line,
every field quoted unless -UseQuotes says otherwise, $null written as nothing)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Annotated, Any, Optional

from cmdlets.utility.encoding import ENCODINGS, codec, encode_text
from cmdlets.utility.out import resolve_path
from pyshell.formatting.cells import culture_string
from pyshell.formatting.objects import properties, to_string, type_names
from pyshell.runtime import Alias, Cmdlet, Example, Parameter, Switch, ValidateSet, cmdlet
from pyshell.runtime.errors import ErrorCategory, FileNotFoundException, IOException
from pyshell.runtime.members import PSObject

__all__ = ["ConvertToCsvCommand", "ConvertFromCsvCommand", "ExportCsvCommand",
           "ImportCsvCommand", "CsvWriter", "parse_csv"]

_QUOTES = ValidateSet("Never", "Always", "AsNeeded")


def _pairs(obj: Any) -> list[tuple[str, Any]]:
    if isinstance(obj, Mapping):
        return [(to_string(k), v) for k, v in obj.items()]
    return properties(obj)


class CsvWriter:
    """Lines of CSV for a stream of objects; the first object names the columns."""

    def __init__(self, delimiter: str = ",", use_quotes: str = "Always",
                 quote_fields: Optional[list[str]] = None, include_type: bool = False,
                 no_header: bool = False) -> None:
        self.delimiter = delimiter or ","
        self.use_quotes = use_quotes.lower()
        self.quote_fields = {q.lower() for q in quote_fields} if quote_fields else None
        self.include_type = include_type
        self.no_header = no_header
        self.columns: Optional[list[str]] = None

    def _field(self, text: str, column: str) -> str:
        if self.quote_fields is not None:
            quote = column.lower() in self.quote_fields
        elif self.use_quotes == "never":
            quote = False
        elif self.use_quotes == "asneeded":
            quote = any(ch in text for ch in (self.delimiter, "\n", "\r", '"'))
        else:
            quote = True
        return '"' + text.replace('"', '""') + '"' if quote else text

    def header(self, obj: Any) -> list[str]:
        self.columns = [name for name, _ in _pairs(obj)]
        lines = []
        if self.include_type:
            names = type_names(obj)
            lines.append("#TYPE " + (names[0] if names else "System.Object"))
        if not self.no_header:
            lines.append(self.delimiter.join(self._field(c, c) for c in self.columns))
        return lines

    def row(self, obj: Any) -> list[str]:
        lines = self.header(obj) if self.columns is None else []
        values = {name.lower(): value for name, value in _pairs(obj)}
        cells = []
        for column in self.columns or []:
            value = values.get(column.lower())
            # $null is written as nothing, even when every other field is quoted.
            cells.append("" if value is None else self._field(culture_string(value), column))
        lines.append(self.delimiter.join(cells))
        return lines


def _split(text: str, delimiter: str) -> list[list[str]]:
    """CSV records: quoted fields may hold delimiters, doubled quotes and line breaks."""
    rows: list[list[str]] = []
    fields: list[str] = []
    current: list[str] = []
    quoted = False
    i = 0
    started = False
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"':
                if text[i + 1:i + 2] == '"':
                    current.append('"')
                    i += 1
                else:
                    quoted = False
            else:
                current.append(ch)
        elif ch == '"':
            quoted = True
            started = True
        elif ch == delimiter:
            fields.append("".join(current))
            current = []
            started = True
        elif ch in "\r\n":
            if ch == "\r" and text[i + 1:i + 2] == "\n":
                i += 1
            if started or current or fields:
                fields.append("".join(current))
                rows.append(fields)
            fields, current, started = [], [], False
        else:
            current.append(ch)
            started = True
        i += 1
    if started or current or fields:
        fields.append("".join(current))
        rows.append(fields)
    return rows


def parse_csv(text: str, delimiter: str = ",", header: Optional[list[str]] = None) -> list[Any]:
    rows = _split(text, delimiter or ",")
    type_name = None
    if rows and rows[0] and rows[0][0].startswith("#TYPE"):
        type_name = rows[0][0][5:].strip()
        rows = rows[1:]
    if header is None:
        if not rows:
            return []
        header, rows = rows[0], rows[1:]
    names = [h if h else f"H{i + 1}" for i, h in enumerate(header)]
    out = []
    for row in rows:
        obj = PSObject.from_pairs(
            (name, row[i] if i < len(row) else None) for i, name in enumerate(names))
        if type_name:
            obj.type_names.insert(0, "CSV:" + type_name)
        out.append(obj)
    return out


class _CsvOptions(Cmdlet):
    """The output options ConvertTo-Csv and Export-Csv share."""

    input_object: Any = None
    delimiter: Annotated[Any, Parameter(position=1, parameter_set="Delimiter")] = ","
    use_culture: Annotated[Switch, Parameter(parameter_set="UseCulture")] = Switch(False)
    include_type_information: Annotated[Switch, Parameter(), Alias("ITI")] = Switch(False)
    no_type_information: Annotated[Switch, Parameter(), Alias("NTI")] = Switch(False)
    quote_fields: Annotated[Optional[list[str]], Parameter(), Alias("QF")] = None
    use_quotes: Annotated[str, Parameter(), Alias("UQ"), _QUOTES] = "Always"
    no_header: Annotated[Switch, Parameter()] = Switch(False)

    def _writer(self) -> CsvWriter:
        delimiter = to_string(self.delimiter) if self.delimiter else ","
        return CsvWriter(delimiter[:1], self.use_quotes, self.quote_fields,
                         bool(self.include_type_information), bool(self.no_header))


@cmdlet("ConvertTo", "Csv", default_parameter_set="Delimiter")
class ConvertToCsvCommand(_CsvOptions):
    """Converts .NET objects into a series of character-separated value (CSV) strings."""

    examples = (Example("[pscustomobject]@{a=1; b=2} | ConvertTo-Csv", "Writes CSV lines."),)

    input_object: Annotated[Any, Parameter(mandatory=True, position=0, from_pipeline=True)] = None

    def begin_processing(self) -> None:
        self._csv = self._writer()

    def process_record(self) -> None:
        for line in self._csv.row(self.input_object):
            self.write_object(line)


@cmdlet("Export", "Csv", default_parameter_set="Delimiter", supports_should_process=True)
class ExportCsvCommand(_CsvOptions):
    """Converts objects into a series of CSV strings and saves the strings to a file."""

    input_object: Annotated[Any, Parameter(mandatory=True, from_pipeline=True)] = None
    path: Annotated[Optional[str], Parameter(position=0)] = None
    literal_path: Annotated[Optional[str], Parameter(), Alias("PSPath", "LP")] = None
    force: Annotated[Switch, Parameter()] = Switch(False)
    no_clobber: Annotated[Switch, Parameter(), Alias("NoOverwrite")] = Switch(False)
    encoding: Annotated[Optional[str], Parameter(), ENCODINGS] = None
    append: Annotated[Switch, Parameter()] = Switch(False)

    def begin_processing(self) -> None:
        self._csv = self._writer()
        self._lines: list[str] = []
        target = self.path or self.literal_path
        if not target:
            raise self.terminating_error(self.error_record(
                "Cannot perform operation because the path resolved to more than one file.",
                "CannotSpecifyPathAndLiteralPath", ErrorCategory.InvalidArgument))
        self._target = resolve_path(self.session, target)
        if self.append and os.path.exists(self._target):
            # Appending continues the existing columns and writes no second header.
            with open(self._target, encoding=codec(self.encoding)) as handle:
                rows = _split(handle.read(), self._csv.delimiter)
            if rows:
                self._csv.columns = rows[0]

    def process_record(self) -> None:
        self._lines.extend(self._csv.row(self.input_object))

    def end_processing(self) -> None:
        if not self.should_process(self._target, "Export-Csv"):
            return
        if self.no_clobber and os.path.exists(self._target) and not self.append:
            raise self.terminating_error(self.error_record(
                IOException(f"The file '{self._target}' already exists."), "NoClobber",
                ErrorCategory.ResourceExists, self._target))
        text = "".join(line + "\n" for line in self._lines)
        try:
            with open(self._target, "ab" if self.append else "wb") as handle:
                handle.write(encode_text(text, self.encoding, bom=handle.tell() == 0))
        except OSError as exc:
            raise self.terminating_error(self.error_record(
                IOException(f"Could not write '{self._target}': {exc.strerror}."),
                "FileOpenFailure", ErrorCategory.OpenError, self._target))


@cmdlet("ConvertFrom", "Csv", default_parameter_set="Delimiter")
class ConvertFromCsvCommand(Cmdlet):
    """Converts object properties in character-separated value (CSV) format into CSV versions of the original objects."""

    input_object: Annotated[list[str], Parameter(mandatory=True, position=0,
                                                 from_pipeline=True)] = []  # noqa: RUF012
    delimiter: Annotated[Any, Parameter(position=1, parameter_set="Delimiter")] = ","
    use_culture: Annotated[Switch, Parameter(parameter_set="UseCulture")] = Switch(False)
    header: Annotated[Optional[list[str]], Parameter()] = None

    def begin_processing(self) -> None:
        self._lines: list[str] = []

    def process_record(self) -> None:
        self._lines.extend(to_string(s) for s in (self.input_object or []))

    def end_processing(self) -> None:
        delimiter = to_string(self.delimiter)[:1] or ","
        for obj in parse_csv("\n".join(self._lines), delimiter, self.header):
            self.write_object(obj)


@cmdlet("Import", "Csv", default_parameter_set="Delimiter")
class ImportCsvCommand(Cmdlet):
    """Creates table-like custom objects from the items in a character-separated value (CSV) file."""

    path: Annotated[Optional[list[str]], Parameter(position=0, from_pipeline=True)] = None
    literal_path: Annotated[Optional[list[str]], Parameter(), Alias("PSPath", "LP")] = None
    delimiter: Annotated[Any, Parameter(position=1, parameter_set="Delimiter")] = ","
    use_culture: Annotated[Switch, Parameter(parameter_set="UseCulture")] = Switch(False)
    header: Annotated[Optional[list[str]], Parameter()] = None
    encoding: Annotated[Optional[str], Parameter(), ENCODINGS] = None

    def process_record(self) -> None:
        delimiter = to_string(self.delimiter)[:1] or ","
        for target in (self.path or self.literal_path or []):
            full = resolve_path(self.session, target)
            try:
                with open(full, encoding=codec(self.encoding), newline="") as handle:
                    text = handle.read().lstrip("\ufeff")
            except FileNotFoundError:
                self.write_error(self.error_record(
                    FileNotFoundException(f"Could not find file '{full}'."),
                    "FileOpenFailure", ErrorCategory.OpenError, full))
                continue
            except OSError as exc:
                self.write_error(self.error_record(
                    IOException(f"Could not read '{full}': {exc.strerror}."),
                    "FileOpenFailure", ErrorCategory.OpenError, full))
                continue
            for obj in parse_csv(text, delimiter, self.header):
                self.write_object(obj)
