"""Model signals per sentence and the corpus-relative rule that turns them into flags.

Signals (in ``corpus.signals[(doc id, sentence index)]``, shown in the JSON report):

* ``bt_logprob_mean`` / ``bt_logprob_sum`` / ``bt_tokens``: the back-translation's
  length-normalised log-probability (Seq-Logprob), put there by the engine. Low values mean
  the model could not make sense of the sentence; Seq-Logprob is the strongest
  model-internal hallucination detector in Guerreiro et al. (2023).
* ``roundtrip_chrf``: sacrebleu sentence chrF between the sentence and the round trip
  (its back-translation translated back with the ``roundtrip`` model of models.yaml);
  ``rt_logprob_mean`` is the round-trip model's own confidence.
* ``source_chrf`` (bilingual mode): chrF of the back-translation against the aligned
  source sentence(s), written by :mod:`auditor.align`.
* ``bt_negation_agree`` (1 or 0): whether the sentence and its back-translation agree on
  grammatical negation; ``bt_names_missing``: names of the back-translation not found in
  the sentence. These compare the model with itself, so they only describe how the model
  read the sentence; no check flags on them alone (against the source, MEA003 and MEA006
  do), they are there for the editor and for calibration.
* ``<signal>_z``: the robust z-score of each signal against the corpus.

The rule (:class:`OutlierRule`): absolute log-probabilities and chrF levels vary by model,
language and text type, so a sentence is judged against the other sentences of the same
run. The robust z-score is ``(x - median) / (1.4826 * MAD)`` over the pool (the mean
absolute deviation times 1.2533 when the MAD is zero; no score when both are zero). The
pool is every sentence with at least ``min_tokens`` back-translation tokens (short
headings have erratic per-token scores). A sentence is flagged when, in the signal's bad
direction, its z against the corpus pool passes ``z`` (default -3.5, Iglewicz & Hoaglin's
outlier cut-off), its z against its own document's pool passes ``z`` too (when the
document has at least ``min_pool`` pooled sentences), and it lies at least ``min_delta``
from the corpus median (so a run of very uniform sentences does not turn tiny differences
into flags); for the chrF signals it must also be below an absolute ``limit`` (60 for the
round trip, 50 against the source). No flag at all when the corpus pool has fewer than ``min_pool`` sentences.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from .corpus import Corpus, Translator

# MAD and mean absolute deviation -> standard deviation of a normal distribution.
MAD_SCALE = 1.4826
MEANAD_SCALE = 1.2533


@dataclass(frozen=True)
class PoolStats:
    median: float
    scale: float | None
    count: int

    def z(self, value: float) -> float | None:
        if not self.scale:
            return None
        return (value - self.median) / self.scale


def robust_stats(values: Sequence[float]) -> PoolStats:
    """Median and robust scale (1.4826 * MAD, falling back to 1.2533 * mean absolute deviation)."""
    if not values:
        return PoolStats(0.0, None, 0)
    med = statistics.median(values)
    dev = [abs(v - med) for v in values]
    mad = statistics.median(dev)
    if mad > 0:
        return PoolStats(med, MAD_SCALE * mad, len(values))
    mean_ad = sum(dev) / len(dev)
    return PoolStats(med, MEANAD_SCALE * mean_ad if mean_ad > 0 else None, len(values))


@dataclass(frozen=True)
class OutlierRule:
    """When a signal value is an outlier worth a flag. ``direction``: which side is bad."""

    signal: str
    direction: str = "low"
    z: float = 3.5
    min_delta: float = 0.0
    min_pool: int = 10
    min_tokens: int = 4
    #: an absolute guard on top of the relative rule, for bounded scales like chrF: a "low"
    #: value must also be at most this (a "high" one at least); None: no guard
    limit: float | None = None

    def with_options(self, options: dict[str, Any]) -> OutlierRule:
        known = {k: options[k] for k in ("z", "min_delta", "min_pool", "min_tokens", "limit") if k in options}
        return replace(self, **known)


@dataclass(frozen=True)
class Verdict:
    value: float
    z_corpus: float
    z_document: float | None
    corpus: PoolStats
    document: PoolStats
    flagged: bool


def _pooled(corpus: Corpus, rule: OutlierRule, doc_id: str | None) -> list[float]:
    values = []
    for (d, _), sig in corpus.signals.items():
        if doc_id is not None and d != doc_id:
            continue
        if rule.signal in sig and sig.get("bt_tokens", rule.min_tokens) >= rule.min_tokens:
            values.append(float(sig[rule.signal]))
    return values


def pool_stats(corpus: Corpus, rule: OutlierRule, doc_id: str | None = None) -> PoolStats:
    """Robust statistics of ``rule.signal`` over the corpus (or one document), memoised."""
    key = ("signal-pool", rule.signal, rule.min_tokens, doc_id)
    return corpus.memo(key, lambda: robust_stats(_pooled(corpus, rule, doc_id)))


def judge(corpus: Corpus, rule: OutlierRule, doc_id: str, sentence_index: int,
          corpus_stats: PoolStats | None = None) -> Verdict | None:
    """Apply ``rule`` to one sentence; None when the sentence has no such signal or is not pooled.
    ``corpus_stats``: the run's pool, when ``corpus`` is one document's view (None: pooled
    over ``corpus``)."""
    sig = corpus.signals.get((doc_id, sentence_index), {})
    if rule.signal not in sig or sig.get("bt_tokens", rule.min_tokens) < rule.min_tokens:
        return None
    value = float(sig[rule.signal])
    cstats = corpus_stats if corpus_stats is not None else pool_stats(corpus, rule)
    dstats = pool_stats(corpus, rule, doc_id)
    zc = cstats.z(value)
    if zc is None:
        return None
    zd = dstats.z(value) if dstats.count >= rule.min_pool else None
    sign = -1.0 if rule.direction == "low" else 1.0
    flagged = (
        cstats.count >= rule.min_pool
        and sign * zc >= rule.z
        and (dstats.count < rule.min_pool or (zd is not None and sign * zd >= rule.z))
        and sign * (value - cstats.median) >= rule.min_delta
        and (rule.limit is None or sign * (value - rule.limit) >= 0)
    )
    return Verdict(value, zc, zd, cstats, dstats, flagged)


#: the signals that get a z-score in the report, with their default rules (checks may
#: override z, min_delta, min_pool, min_tokens through their options)
RULES: dict[str, OutlierRule] = {
    "bt_logprob_mean": OutlierRule("bt_logprob_mean", "low", z=3.5, min_delta=0.5),
    # chrF 0-100: a pair above 60 (round trip) or 50 (against a human source, which the
    # back-translation paraphrases) is never a loss of meaning, however uniform the run
    "roundtrip_chrf": OutlierRule("roundtrip_chrf", "low", z=3.5, min_delta=15.0, limit=60.0),
    "source_chrf": OutlierRule("source_chrf", "low", z=3.5, min_delta=15.0, limit=50.0),
}


def compute_signals(corpus: Corpus, roundtrips: Mapping[str, Translator] | None = None) -> None:
    """Add the round trip (``roundtrips``: one English -> language translator per document
    language), the back-translation agreement signals and the z-scores."""
    from .text.crosslingual import name_in, negation_cues, source_names

    languages = {d.id: d.language for d in corpus.documents}
    for lang, rt in (roundtrips or {}).items():
        _roundtrip(corpus, rt, {d for d, dl in languages.items() if dl == lang})
    for doc, s in corpus.sentences():
        bt = corpus.backtranslations.get((doc.id, s.index))
        if bt is None:
            continue
        sig = corpus.signals.setdefault((doc.id, s.index), {})
        if languages[doc.id] in ("de", "fr"):
            sig["bt_negation_agree"] = float(
                bool(negation_cues(s.text, languages[doc.id])) == bool(negation_cues(bt.text, "en")))
        sig["bt_names_missing"] = float(sum(1 for n in source_names(bt.text) if not name_in(n.text, s.text)))
    for name, rule in RULES.items():
        stats = pool_stats(corpus, rule)
        if stats.count < rule.min_pool or not stats.scale:
            continue
        for key, sig in corpus.signals.items():
            if name in sig:
                sig[f"{name}_z"] = round((float(sig[name]) - stats.median) / stats.scale, 2)


def _roundtrip(corpus: Corpus, roundtrip: Translator, doc_ids: set[str]) -> None:
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    keys = [k for k in corpus.backtranslations if k[0] in doc_ids]
    unique = list(dict.fromkeys(corpus.backtranslations[k].text for k in keys))
    back = dict(zip(unique, roundtrip.translate(unique)))
    texts = {(d.id, s.index): s.text for d, s in corpus.sentences()}
    for key in keys:
        rt = back[corpus.backtranslations[key].text]
        sig = corpus.signals.setdefault(key, {})
        sig["roundtrip_chrf"] = round(chrf.sentence_score(rt.text, [texts[key]]).score, 2)
        sig["rt_logprob_mean"] = round(rt.logprob_mean, 4)
