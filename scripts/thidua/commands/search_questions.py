"""Generated questions for `search-eval`: phrases of the index itself, asked the ways people ask.

The judged questions (tests/search/queries.yaml) were written by someone who knew the plans;
these are not. A fixed seed picks phrases of 2-4 syllables that few sections hold (the same
pool as the generated slips), and puts each into one question form: a question word before
or after it, a frame around it, or a word the section may well lack ("ai", "đơn vị"), so the
search has to rank sections holding most of the words. A question scores when its first
result is a section holding the phrase. Each is asked with diacritics and without.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from thidua.commands.search_slips import phrases, store_sections
from thidua.text import fold

# Question forms, by name, in the order the report lists them. "{}" is the phrase.
FORMS = {
    "là gì": "{} là gì",
    "như thế nào": "{} như thế nào",
    "ở đâu": "{} ở đâu",
    "nơi nào": "nơi nào {}",
    "nhắc đến": "kế hoạch nào nhắc đến {}",
    "có … không": "có {} không",
    "đơn vị nào": "những đơn vị nào {}",
    "ai": "ai {}",
}


@dataclass(frozen=True)
class Question:
    q: str          # the question as typed
    form: str       # a key of FORMS
    accents: bool   # typed with diacritics
    phrase: str     # the phrase as the text has it
    refs: frozenset[str]  # the sections holding the phrase (any of them first is right)


def generated_questions(site: Path, per_form: int = 30, seed: int = 2021, document_folder: str = "van-ban/",
                        skip_prefix: str = "van-ban/mau-") -> list[Question]:
    """For each form, `per_form` phrases asked in it, with and without diacritics."""
    rng = random.Random(seed)
    pool = phrases(store_sections(site), rng, per_form * len(FORMS), document_folder, skip_prefix)
    rng.shuffle(pool)
    out = []
    for n, (form, pattern) in enumerate(FORMS.items()):
        for phrase, refs in pool[n * per_form:(n + 1) * per_form]:
            text = " ".join(phrase)
            asked = pattern.format(text.lower())
            out.append(Question(asked, form, True, text, refs))
            out.append(Question(fold(asked), form, False, text, refs))
    return out
