#!/usr/bin/env python3
"""Adds a round of session 9's uncertainty samples to train.jsonl (run once a
round, after passes/active.py and the passes; not needed to build or test
the module), with build_fresh.py's agreed. Round 1 (samples 62-69) was read twice, blind: as for the fresh splits, a
text counts only where the two passes (passes/active/ANN, BNN) agree on
code and level (also_ok: the union of both); the others go to
passes/active/disagreements62.jsonl and are not used. Rounds 2-4
(samples 70-77, 78-85, 86-93) were read once (passes/active/ANN), as samples 08-45
were. The texts are appended to train.jsonl (as of commit 11a2d60 for round
1), each why marked as the session-9 sample, except the near-duplicates of
a text that is measured (fresh, fresh2, test, dev and samples 00-13): a
text whose character 4-grams, letters and digits only, are 80 % or more
those of a measured text (or that is empty or the same once so reduced) is
left out, and its id listed in passes/active/near-duplicates.txt. Usage,
from testdata/real:

    python3 passes/active/apply.py ../../../../shared/data/real/negative-reviews.jsonl 62
    python3 passes/active/apply.py ../../../../shared/data/real/negative-reviews.jsonl 70
    python3 passes/active/apply.py ../../../../shared/data/real/negative-reviews.jsonl 78
    python3 passes/active/apply.py ../../../../shared/data/real/negative-reviews.jsonl 86
"""
import os, unicodedata, sys

sys.dont_write_bytecode = True  # no __pycache__ in testdata

sys.path.insert(0, os.getcwd())  # build_fresh.py, in testdata/real
from build_fresh import agreed, read, write


def grams(text):
    t = ''.join(c for c in unicodedata.normalize('NFKC', text).lower() if unicodedata.category(c)[0] in 'LN')
    return {t[i:i + 4] for i in range(max(1, len(t) - 3))}


measured = [e['text'] for n in ('fresh', 'fresh2', 'test', 'dev') for e in read(n + '.jsonl').values()]
src = read(sys.argv[1])
measured += [src[i]['text'] for b in range(14) for i in read('passes/sample%02d.jsonl' % b)]
index, sizes = {}, []
for k, t in enumerate(measured):
    gs = grams(t)
    sizes.append(len(gs))
    for g in gs:
        index.setdefault(g, set()).add(k)


def near(text):
    a = grams(text)
    shared = {}
    for g in a:
        for k in index.get(g, ()):
            shared[k] = shared.get(k, 0) + 1
    return any(c == len(a) == sizes[k] or (min(len(a), sizes[k]) >= 5 and c >= 0.8 * min(len(a), sizes[k])) for k, c in shared.items())


first = int(sys.argv[2])
bs = range(first, first + 8)
passes = [('passes/active/A%d.jsonl' % b, 'passes/active/%s%d.jsonl' % ('B' if first == 62 else 'A', b)) for b in bs]
out, dis = agreed(src, ['passes/sample%02d.jsonl' % b for b in bs], passes)
dropped = [e['id'] for e in out if near(e['text'])]
out = [e for e in out if e['id'] not in dropped]
have = set(read('train.jsonl'))
for e in out:
    assert e['id'] not in have, e['id']
    e['why'] += ' (session 9 uncertainty sample, two blind passes)' if first == 62 else ' (session 9 uncertainty sample, round %d, one pass)' % {70: 2, 78: 3, 86: 4}[first]
write('train.jsonl', out, 'a')
with open('passes/active/near-duplicates.txt', 'w' if first == 62 else 'a', encoding='utf-8') as f:
    f.writelines(i + '\n' for i in dropped)
if first == 62:
    write('passes/active/disagreements62.jsonl', dis)
print(len(out), 'added,', len(dis), 'disagreements,', len(dropped), 'near-duplicates left out')
