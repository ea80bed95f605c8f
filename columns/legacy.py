"""Parser of the old site's plain-text column exports.

Pure Python on purpose (no Django), so it can be tested and timed alone.
The format, one item per line, blank lines ignored::

    GLOBAL&TREND                  series name
    <title>
    2024年8月9日掲載               publication date (full-width digits allowed)
    <paragraph> | <heading> | photo.jpg
    ...
    GLOBAL&TRENDバックナンバー      start of the back-number list
    <title of an earlier column>
    ...
    一覧に戻る                     end of the list; this and the rest is page chrome

Errors carry a stable code and the line number; the Django side turns them
into translated messages.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

# Longest line still taken for a heading; headings of the old site are short
# phrases, while even short body lines end with 。
HEADING_MAX_CHARS = 50

_SENTENCE_END = frozenset("。.!?")  # after NFKC: ．→. ！→! ？→? ｡→。
# Closing brackets and quotes that may follow the final punctuation: 「…だ。」
_TRAILING_CLOSERS = "」』）)】〕〉》]}\"'”’"
_IMAGE_RE = re.compile(r"\S+\.(?:jpe?g|png|gif|webp)", re.IGNORECASE)
_DATE_RE = re.compile(r"([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日(?:掲載)?")
_WHITESPACE_RE = re.compile(r"\s+")

BACK_NUMBERS_SUFFIX = "バックナンバー"
END_OF_BACK_NUMBERS = "一覧に戻る"
# Buttons of the old page that were exported as text; compared casefolded.
UI_LINES = frozenset({END_OF_BACK_NUMBERS, "ライン登録", "line登録"})

BlockKind = Literal["paragraph", "heading", "image"]


class LegacyFormatError(ValueError):
    """A file that cannot be imported; `code` is stable, `params` fill the message."""

    def __init__(self, line: int, code: str, **params):
        self.line = line
        self.code = code
        self.params = params
        self.source = "<string>"
        super().__init__(line, code, params)

    def __str__(self):
        details = ", ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.source}:{self.line}: {self.code}" + (f" ({details})" if details else "")


@dataclass(frozen=True)
class Block:
    """One body item; `text` is the paragraph/heading text or the image file name."""

    kind: BlockKind
    text: str
    line: int


@dataclass(frozen=True)
class BackNumber:
    title: str
    line: int


@dataclass(frozen=True)
class DroppedLine:
    text: str
    line: int


@dataclass
class LegacyColumn:
    source: str
    series: str
    series_line: int
    title: str
    title_line: int
    publication_date: datetime.date
    date_line: int
    blocks: list[Block] = field(default_factory=list)
    back_numbers: list[BackNumber] = field(default_factory=list)
    back_numbers_line: int | None = None
    dropped: list[DroppedLine] = field(default_factory=list)

    def _of_kind(self, kind):
        return [block for block in self.blocks if block.kind == kind]

    @property
    def paragraphs(self) -> list[Block]:
        return self._of_kind("paragraph")

    @property
    def headings(self) -> list[Block]:
        return self._of_kind("heading")

    @property
    def images(self) -> list[Block]:
        return self._of_kind("image")


def normalize(text: str) -> str:
    """NFKC with whitespace runs collapsed: the key to compare titles and names."""
    return _WHITESPACE_RE.sub(" ", unicodedata.normalize("NFKC", text)).strip()


def decode(data: bytes) -> str:
    """Strict UTF-8, a leading BOM tolerated; the error names the line of the bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise LegacyFormatError(
            line, "not_utf8", byte=f"{data[error.start]:02X}", offset=error.start
        ) from None


def read(path: str | Path) -> str:
    """The text of a legacy file. OSError (missing file…) is left to the caller."""
    source = str(path)
    try:
        return decode(Path(path).read_bytes())
    except LegacyFormatError as error:
        error.source = source
        raise


def is_image_line(text: str) -> bool:
    return _IMAGE_RE.fullmatch(text) is not None


def image_name(text: str) -> str:
    """The bare file name: exports sometimes carry a path or URL before it."""
    return PurePosixPath(text.replace("\\", "/")).name


def is_heading(text: str) -> bool:
    if len(text) > HEADING_MAX_CHARS:
        return False
    core = unicodedata.normalize("NFKC", text).rstrip().rstrip(_TRAILING_CLOSERS).rstrip()
    return bool(core) and core[-1] not in _SENTENCE_END


def parse_date(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) of a 「YYYY年M月D日掲載」 line, not yet checked for validity."""
    key = _WHITESPACE_RE.sub("", unicodedata.normalize("NFKC", text))
    match = _DATE_RE.fullmatch(key)
    return tuple(int(part) for part in match.groups()) if match else None


def _lines(text: str):
    """(line number, stripped text) of the non-blank lines; numbering as editors show it."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for number, raw in enumerate(text.split("\n"), start=1):
        stripped = raw.strip()
        if stripped:
            yield number, stripped


def parse(text: str, source: str = "<string>") -> LegacyColumn:
    try:
        return _parse(text, source)
    except LegacyFormatError as error:
        error.source = source
        raise


def _parse(text: str, source: str) -> LegacyColumn:
    lines = _lines(text)

    header = next(lines, None)
    if header is None:
        raise LegacyFormatError(1, "empty")
    series_line, series = header

    title_item = next(lines, None)
    if title_item is None:
        # The file ends early: point at the last line read, which the title must follow.
        raise LegacyFormatError(series_line, "no_title")
    title_line, title = title_item
    if parse_date(title) is not None:
        # The date came straight after the series name.
        raise LegacyFormatError(title_line, "no_title", found=title)

    date_item = next(lines, None)
    if date_item is None:
        raise LegacyFormatError(title_line, "no_date")
    date_line, date_text = date_item
    parts = parse_date(date_text)
    if parts is None:
        raise LegacyFormatError(date_line, "no_date", found=date_text)
    year, month, day = parts
    try:
        publication_date = datetime.date(year, month, day)
    except ValueError:
        raise LegacyFormatError(
            date_line, "impossible_date", year=year, month=month, day=day
        ) from None

    column = LegacyColumn(
        source=source,
        series=series,
        series_line=series_line,
        title=title,
        title_line=title_line,
        publication_date=publication_date,
        date_line=date_line,
    )
    back_number_headers = {
        BACK_NUMBERS_SUFFIX,
        normalize(series).replace(" ", "") + BACK_NUMBERS_SUFFIX,
    }
    state = "body"  # -> "back numbers" -> "tail"
    for number, line in lines:
        key = normalize(line)
        if state == "tail" or key.casefold() in UI_LINES:
            column.dropped.append(DroppedLine(line, number))
            if key == END_OF_BACK_NUMBERS:
                state = "tail"
        elif key.replace(" ", "") in back_number_headers:
            state = "back numbers"
            column.back_numbers_line = number
        elif state == "back numbers":
            column.back_numbers.append(BackNumber(line, number))
        elif is_image_line(line):
            column.blocks.append(Block("image", image_name(line), number))
        elif is_heading(line):
            column.blocks.append(Block("heading", line, number))
        else:
            column.blocks.append(Block("paragraph", line, number))
    return column
