"""The archive's domain objects: documents (plans and directives), units, award forms.

Built by `load`, never changed afterwards. Vietnamese terms in docstrings have a gloss.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LEVELS = {
    "central": "Trung ương",
    "province": "Tỉnh, thành phố",
    "department": "Sở, ngành",
    "district": "Huyện, thị xã",
    "commune": "Xã, phường, thị trấn",
}

# Abbreviations of kinds of document (Nghị định 30/2020/NĐ-CP), for short labels: "QĐ 1497/QĐ-TTg".
KIND_ABBREVIATIONS = {"Kế hoạch": "KH", "Quyết định": "QĐ", "Nghị quyết": "NQ", "Nghị định": "NĐ", "Chỉ thị": "CT",
                      "Kết luận": "KL", "Hướng dẫn": "HD", "Công văn": "CV"}

STATUS_LABELS = {
    "confirmed": "đã xác nhận",
    "seed": "chỉ theo văn bản gốc",
    "unconfirmed": "chưa xác nhận",
}


@dataclass(frozen=True)
class DocDate:
    """A date with the precision the original gives: year, month or day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def iso(self) -> str:
        """"2021-10-26", "2021-09" or "2021"."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    @property
    def vi(self) -> str:
        """Vietnamese display: "26/10/2021", "tháng 9/2021", "năm 2021"."""
        if self.day:
            return f"{self.day}/{self.month}/{self.year}"
        if self.month:
            return f"tháng {self.month}/{self.year}"
        return f"năm {self.year}"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def may_precede(self, other: DocDate) -> bool:
        """False only when this date is certainly earlier than `other`."""
        n = min(3 if self.day else 2 if self.month else 1, 3 if other.day else 2 if other.month else 1)
        return self.sort_key()[:n] >= other.sort_key()[:n]


@dataclass(frozen=True)
class Successor:
    """What became of a 2021 unit in the 2025 reorganisation."""

    text: str
    status: str
    basis: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Unit:
    """An administrative unit of 2021 (tỉnh, huyện, thị xã …) as printed then."""

    key: str
    name: str
    level: str
    province: str  # the 2021 province or centrally-run city, e.g. "Hải Dương"
    province_key: str
    code_2021: str | None
    successor: Successor
    interim: str | None = None  # what changed between 2021 and the 2025 reorganisation (mergers 2023–2025)
    district: str | None = None  # a commune's district (its key); listings group communes under it


@dataclass(frozen=True)
class AwardForm:
    """A form of commendation (hình thức khen thưởng) a plan may give or propose."""

    key: str
    name: str
    decided_by: str
    rank: int
    note: str | None = None


@dataclass(frozen=True)
class Practice:
    """A named practice or slogan the plans use ("4 tại chỗ", "vùng xanh")."""

    key: str
    name: str
    explanation: str
    explanation_status: str  # "plan": the plans explain it; "general": general knowledge
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    """A subject plan sections and cases are tagged with (tiêm chủng, an sinh xã hội …)."""

    key: str
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Route:
    """One line of a plan's tuyến trình: who proposes or decides which award for whom."""

    award: AwardForm
    for_whom: str
    proposer: str | None
    section: str


@dataclass(frozen=True)
class Issuer:
    name: str
    level: str
    unit: Unit | None

    @property
    def province(self) -> str | None:
        return self.unit.province if self.unit else None


@dataclass(frozen=True)
class Link:
    """An `implements` edge, with how sure the archive is of it."""

    ref: str
    status: str = "confirmed"
    note: str | None = None


@dataclass(frozen=True)
class Citation:
    ref: str
    detail: str | None = None


@dataclass(frozen=True)
class Signer:
    name: str | None
    title: str | None = None
    capacity: str | None = None
    block: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Fact:
    text: str
    status: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceRef:
    publisher: str
    url: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Provenance:
    source: str
    ocr: bool
    notes: str
    corrections: tuple[str, ...] = ()


@dataclass(frozen=True)
class Node:
    """One heading or item of a plan's body, or a plain paragraph (label None).

    `anchor` is derived from the labels on the way down ("muc-ii-3-a"; bullets are
    "y1", "y2"…, plain paragraphs "d1", "d2"… under their parent), so it stays the
    same as long as the printed numbering does.
    """

    anchor: str
    label: str | None = None
    title: str | None = None
    text: str | None = None
    children: tuple[Node, ...] = ()

    @property
    def is_heading(self) -> bool:
        return self.title is not None

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class Document:
    """A plan (full text held) or a directive / cited document (facts and sources only)."""

    id: str
    path: str  # source file, relative to the project root
    kind: str
    number: str | None
    symbol: str | None
    date: DocDate
    issuer: Issuer
    title: str
    implements: Link | None
    cites: tuple[Citation, ...] = ()
    awards: tuple[AwardForm, ...] = ()
    signer: Signer | None = None
    place: str | None = None
    dateline: str | None = None
    movement: str | None = None
    short_title: str | None = None
    recipients: tuple[str, ...] = ()
    provenance: Provenance | None = None
    body: tuple[Node, ...] = ()
    status: str = "confirmed"
    summary: str | None = None
    facts: tuple[Fact, ...] = ()
    sources: tuple[SourceRef, ...] = ()
    routes: tuple[Route, ...] = ()
    lines: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    @property
    def full_text(self) -> bool:
        return bool(self.body)

    @property
    def label(self) -> str:
        """How lists name it: "Kế hoạch số 61/KH-HĐTĐKT" or "Kế hoạch (không số), UBND huyện Tứ Kỳ"."""
        if self.number:
            return f"{self.kind} số {self.number}"
        if self.short_title:
            return self.short_title
        return f"{self.kind} của {self.issuer.name}"

    @property
    def short_label(self) -> str:
        """For breadcrumbs and diagrams: "KH 61/KH-HĐTĐKT", else the short title, else kind, issuer and date."""
        if self.number:
            return f"{KIND_ABBREVIATIONS.get(self.kind, self.kind)} {self.number}"
        return self.short_title or f"{self.kind} {self.issuer.name} ({self.date.vi})"

    @property
    def headline(self) -> str:
        """Label with issuer and date, for breadcrumbs and search results."""
        if self.number:
            return f"{self.label} ngày {self.date.vi} của {self.issuer.name}" if self.date.day else f"{self.label} ({self.date.vi}) của {self.issuer.name}"
        if self.short_title:
            return f"{self.short_title} ({self.date.vi})"
        return f"{self.label} ({self.date.vi})"

    def iter_nodes(self):
        for node in self.body:
            yield from node.walk()


@dataclass(frozen=True)
class Recognition:
    award: AwardForm
    by: str
    grade: str | None = None  # hạng Nhất / Nhì / Ba
    decision: str | None = None
    date: DocDate | None = None
    posthumous: bool = False


@dataclass(frozen=True)
class Person:
    name: str
    kind: str  # "person" (cá nhân) or "collective" (tập thể)
    role: str | None = None


@dataclass(frozen=True)
class CaseSource:
    url: str
    publisher: str
    date: DocDate | None = None
    title: str | None = None


@dataclass(frozen=True)
class Case:
    """A gương điển hình: a real case recognised in the fight against COVID-19, with its sources."""

    id: str
    path: str
    title: str
    date: DocDate
    published: DocDate
    who: tuple[Person, ...]
    where: str
    unit: Unit | None  # None: nationwide
    themes: tuple[Theme, ...]
    recognition: tuple[Recognition, ...]
    under: str | None  # None: predates every document in the archive
    sources: tuple[CaseSource, ...]
    body: str
    recognition_note: str | None = None
    under_note: str | None = None
    image: tuple[str, str] | None = None  # (file under docs/assets/cases/, alt text)

    @property
    def province(self) -> str:
        return self.unit.province if self.unit else "Toàn quốc"


@dataclass(frozen=True)
class QuestionWords:
    """Words a search query may leave out unless quoted (plans/reference/question-words.yaml).

    `words`: optional wherever they stand; `frames`: (first, last) words, optional when a
    query begins with the first and ends with the last ("có … không"; an empty last: begins with)."""

    words: tuple[str, ...] = ()
    frames: tuple[tuple[str, str], ...] = ()


@dataclass
class Archive:
    """Everything the sources say, validated: documents, cases and the reference lists."""

    documents: dict[str, Document]
    units: dict[str, Unit]
    awards: dict[str, AwardForm]
    cases: dict[str, Case] = field(default_factory=dict)
    practices: dict[str, Practice] = field(default_factory=dict)
    themes: dict[str, Theme] = field(default_factory=dict)
    root_id: str = "thu-tuong-qd-1497-2021"
    synonyms: tuple[tuple[str, ...], ...] = ()  # groups of equivalent spellings, for search
    question_words: QuestionWords = field(default_factory=QuestionWords)  # optional in a search

    @property
    def plans(self) -> list[Document]:
        return [d for d in self.documents.values() if d.full_text]

    @property
    def root(self) -> Document:
        return self.documents[self.root_id]
