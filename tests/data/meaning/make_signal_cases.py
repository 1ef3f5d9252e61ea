"""Writes the YAML cases MEA001.yaml, MEA002.yaml and MEA008.yaml (run from the repository root).

The German sentences are from seed 000; the back-translations, log-probabilities, round trips
and English sources are hand-made TEST INPUT for the threshold rule of auditor.signals, not
model output. Kept so the cases can be regenerated after a change to the rule's defaults.
"""
import yaml
def _str(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|" if "\n" in data else None)
yaml.SafeDumper.add_representer(str, _str)
S = [
 ("In diesem Zusammenhang forderte er Nordkorea auf, die nach Russland entsandten Truppen abzuziehen.",
  "In this context, he called on North Korea to withdraw the troops sent to Russia.", -0.62,
  "In diesem Zusammenhang forderte er Nordkorea auf, die nach Russland entsandten Truppen abzuziehen."),
 ("Austin erklärte, dass nordkoreanische Soldaten das Potenzial hätten, den Konflikt in der Ukraine zu verlängern und auszuweiten.",
  "Austin stated that North Korean soldiers had the potential to prolong and expand the conflict in Ukraine.", -0.55,
  "Austin erklärte, dass nordkoreanische Soldaten das Potenzial hätten, den Konflikt in der Ukraine zu verlängern und auszuweiten."),
 ("Er erklärte auch, dass es Beweise dafür gebe, dass Nordkorea 10 Soldaten zu Ausbildungszwecken in den Osten Russlands geschickt habe.",
  "He also said that there was evidence that North Korea had sent 10 soldiers to eastern Russia for training purposes.", -0.71,
  "Er sagte auch, es gebe Beweise dafür, dass Nordkorea 10 Soldaten zu Ausbildungszwecken nach Ostrussland geschickt habe."),
 ("Er argumentierte, dass einige dieser Soldaten mit russischen Uniformen und Ausrüstung an die ukrainische Grenze verlegt wurden.",
  "He argued that some of these soldiers were moved to the Ukrainian border with Russian uniforms and equipment.", -0.66,
  "Er argumentierte, dass einige dieser Soldaten mit russischen Uniformen und Ausrüstung an die ukrainische Grenze verlegt wurden."),
 ("Er wies darauf hin, dass noch unklar sei, ob nordkoreanische Soldaten in dem Krieg eingesetzt würden.",
  "He pointed out that it was still unclear whether North Korean soldiers would be used in the war.", -0.58,
  "Er wies darauf hin, dass noch unklar sei, ob nordkoreanische Soldaten im Krieg eingesetzt würden."),
 ("Austin erklärte, dass sie weiterhin mit ihren Verbündeten zusammenarbeiten werden, um diese Situation zu verhindern, und sagte, dass Russland die Kontrolle über Nordkorea übernehmen sollte.",
  "Austin said they would continue to work with their allies to prevent this situation, and said that Russia should take control of North Korea.", -0.83,
  "Austin sagte, sie würden weiterhin mit ihren Verbündeten zusammenarbeiten, um diese Situation zu verhindern, und sagte, Russland solle die Kontrolle über Nordkorea übernehmen."),
 ("„Mehr Hilfe“ Er behauptete, selbst wenn er es bekäme, würde er in der Ukraine keinen Erfolg haben.",
  "\"More help\" He claimed, even if he got it, he would not succeed in Ukraine.", -2.41,
  "Weitere Hilfe: Wer sie bekommt, gewinnt die Ukraine nicht, so seine Behauptung."),
 ("Der ukrainische Präsident Wolodymyr Selenskyj gab am 25. Oktober in einer Erklärung bekannt, dass man erfahren habe, dass Russland am 27. und 28. Oktober nordkoreanische Soldaten in die ersten Kampfgebiete entsenden werde.",
  "Ukrainian President Volodymyr Zelensky announced in a statement on October 25 that it had been learned that Russia would send North Korean soldiers to the first combat zones on October 27 and 28.", -0.74,
  "Der ukrainische Präsident Wolodymyr Selenskyj gab am 25. Oktober in einer Erklärung bekannt, man habe erfahren, dass Russland am 27. und 28. Oktober nordkoreanische Soldaten in die ersten Kampfgebiete schicken werde."),
 ("In der am selben Tag abgegebenen Erklärung des Weißen Hauses hieß es, dass mehr als dreitausend Soldaten nach Russland gebracht wurden, um mit der Ukraine zu kämpfen, und dass einige dieser Soldaten wahrscheinlich in der Region Kursk stationiert waren.",
  "The White House statement issued on the same day said that more than three thousand soldiers had been brought to Russia to fight Ukraine, and that some of these soldiers were probably stationed in the Kursk region.", -0.69,
  "In der am selben Tag veröffentlichten Erklärung des Weißen Hauses hieß es, dass mehr als dreitausend Soldaten nach Russland gebracht worden seien, um gegen die Ukraine zu kämpfen, und dass einige dieser Soldaten wahrscheinlich in der Region Kursk stationiert seien."),
 ("Das Pentagon gab gestern bekannt, dass Nordkorea seiner Meinung nach etwa 3 Soldaten als Verstärkung nach Russland geschickt habe.",
  "The Pentagon announced yesterday that it believed North Korea had sent about 3 soldiers to Russia as reinforcements.", -0.77,
  "Das Pentagon gab gestern bekannt, dass Nordkorea seiner Ansicht nach etwa 3 Soldaten als Verstärkung nach Russland geschickt habe."),
 ("US-Verteidigungsminister Lloyd Austin gab auf der gemeinsamen Pressekonferenz, die er mit dem südkoreanischen Verteidigungsminister Kim Yong-hyun im Pentagon abhielt, wichtige Erklärungen ab.",
  "US Defense Secretary Lloyd Austin made important statements at the joint press conference he held with South Korean Defense Minister Kim Yong-hyun at the Pentagon.", -0.61,
  "US-Verteidigungsminister Lloyd Austin gab auf der gemeinsamen Pressekonferenz, die er mit dem südkoreanischen Verteidigungsminister Kim Yong-hyun im Pentagon abhielt, wichtige Erklärungen ab."),
 ("Er betonte, dass die Allianz zwischen beiden Ländern stärker sei als je zuvor.",
  "He stressed that the alliance between the two countries was stronger than ever.", -0.52,
  "Er betonte, dass das Bündnis zwischen den beiden Ländern stärker sei als je zuvor."),
]
text = "\n".join(s[0] for s in S)
GARBLED = S[6][0]
def variant(lp=None, short=False):
    rows = [[s[1], s[2]] for s in S]
    if lp is not None:
        rows[6][1] = lp
    return rows
head1 = """# Cases for MEA001 low-confidence. The back-translations and their log-probabilities per
# token are hand-made TEST INPUT for the threshold logic (robust z against the run), not a
# model's output: with them the rule, not a model's quality, is under test. Sentences from
# seed 000. Default rule: z <= -3.5 against the corpus and the document, 0.5 below the median.
"""
mea001 = {
  "code": "MEA001",
  "flags": [{"text": text, "match": GARBLED, "backtranslations": variant()}],
  "clean": [
    # the same run where the sentence is only a little below the others
    {"text": text, "backtranslations": variant(-1.0)},
    # fewer than min_pool (10) sentences: no corpus to judge against
    {"text": "\n".join(s[0] for s in S[:7]), "backtranslations": [[s[1], s[2]] for s in S[:7]]},
    # the threshold is an option: at z 12 the outlier is not flagged
    {"text": text, "backtranslations": variant(), "options": {"min_delta": 2.0}},
  ],
}
mea002 = {
  "code": "MEA002",
  "flags": [{"text": text, "match": GARBLED, "backtranslations": variant(), "roundtrips": [s[3] for s in S]}],
  "clean": [
    {"text": text, "backtranslations": variant(), "roundtrips": [s[3] for s in S[:6]] + [S[6][0].replace("bekäme", "bekommen würde")] + [s[3] for s in S[7:]]},
    # without a round-trip model there is no round-trip signal and no flag
    {"text": text, "backtranslations": variant()},
  ],
}
head2 = """# Cases for MEA002 roundtrip-loss. Back-translations and round trips are hand-made TEST
# INPUT for the threshold logic (chrF of the round trip against the sentence, robust z
# against the run), not a model's output. Sentences from seed 000.
"""
open("auditor/checks/cases/MEA001.yaml", "w").write(head1 + yaml.safe_dump(mea001, allow_unicode=True, sort_keys=False, width=200))
open("auditor/checks/cases/MEA002.yaml", "w").write(head2 + yaml.safe_dump(mea002, allow_unicode=True, sort_keys=False, width=200))
# MEA008: the source is the English original; hand-made back-translations (test input)
SRC = [
 "In this context, he called on North Korea to withdraw the troops it had sent to Russia.",
 "Austin said North Korean soldiers could prolong and widen the conflict in Ukraine.",
 "He also said there was evidence that North Korea had sent 10 soldiers to eastern Russia for training.",
 "He argued that some of these soldiers had been moved to the Ukrainian border with Russian uniforms and equipment.",
 "He noted that it was still unclear whether North Korean soldiers would be used in the war.",
 "Austin said they would keep working with their allies to prevent this, and said Russia should take control of North Korea.",
 "He argued that even more help would not bring Moscow victory in Ukraine.",
 "Ukrainian President Volodymyr Zelensky said on October 25 that Russia would send North Korean soldiers to the first combat zones on October 27 and 28.",
 "The White House said on the same day that more than three thousand soldiers had been brought to Russia to fight Ukraine, some probably stationed in the Kursk region.",
 "The Pentagon said yesterday it believed North Korea had sent about 3 soldiers to Russia as reinforcements.",
 "US Defense Secretary Lloyd Austin made important statements at the joint press conference with South Korean Defense Minister Kim Yong-hyun at the Pentagon.",
 "He stressed that the alliance between the two countries was stronger than ever.",
]
FAITHFUL = "\"More help,\" he claimed; even if he got it, he would not succeed in Ukraine."
bad_bt = [[s[1], s[2]] for s in S]
bad_bt[6] = ["Whose the help for him, the Ukraine would no win, he claim.", -0.9]
mea008 = {
  "code": "MEA008",
  "flags": [{"text": text, "source": "\n".join(SRC), "match": GARBLED, "backtranslations": bad_bt}],
  "clean": [
    {"text": text, "source": "\n".join(SRC[:6] + [FAITHFUL] + SRC[7:]), "backtranslations": variant()},
    # no source text: the check does not apply
    {"text": text, "backtranslations": bad_bt},
  ],
}
head3 = """# Cases for MEA008 source-divergence. The back-translations are hand-made TEST INPUT for the
# threshold logic (chrF of the back-translation against the aligned source sentence, robust
# z against the run), not a model's output. German sentences from seed 000, English source
# written for the test.
"""
open("auditor/checks/cases/MEA008.yaml", "w").write(head3 + yaml.safe_dump(mea008, allow_unicode=True, sort_keys=False, width=200))
