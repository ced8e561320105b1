#!/usr/bin/env python3
"""Adds a round of session 9's uncertainty samples to train.jsonl (run once a
round, after passes/active.py and the passes; not needed to build or test
the module), with build_fresh.py's agreed. Round 1 (samples 62-69) was read twice, blind: as for the fresh splits, a
text counts only where the two passes (passes/active/ANN, BNN) agree on
code and level (also_ok: the union of both); the others go to
passes/active/disagreements62.jsonl and are not used. Rounds 2-4
(samples 70-77, 78-85, 86-93) were read once (passes/active/ANN), as samples 08-45
were. The texts are appended to train.jsonl (as of commit 11a2d60 for round
1), each why marked as the session-9 sample. Usage, from testdata/real:

    python3 passes/active/apply.py ../../../../shared/data/real/negative-reviews.jsonl 62
    python3 passes/active/apply.py ../../../../shared/data/real/negative-reviews.jsonl 70
    python3 passes/active/apply.py ../../../../shared/data/real/negative-reviews.jsonl 78
    python3 passes/active/apply.py ../../../../shared/data/real/negative-reviews.jsonl 86
"""
import os, sys

sys.dont_write_bytecode = True  # no __pycache__ in testdata

sys.path.insert(0, os.getcwd())  # build_fresh.py, in testdata/real
from build_fresh import agreed, read, write

first = int(sys.argv[2])
bs = range(first, first + 8)
passes = [('passes/active/A%d.jsonl' % b, 'passes/active/%s%d.jsonl' % ('B' if first == 62 else 'A', b)) for b in bs]
out, dis = agreed(read(sys.argv[1]), ['passes/sample%02d.jsonl' % b for b in bs], passes)
have = set(read('train.jsonl'))
for e in out:
    assert e['id'] not in have, e['id']
    e['why'] += ' (session 9 uncertainty sample, two blind passes)' if first == 62 else ' (session 9 uncertainty sample, round %d, one pass)' % {70: 2, 78: 3, 86: 4}[first]
write('train.jsonl', out, 'a')
if first == 62:
    write('passes/active/disagreements62.jsonl', dis)
print(len(out), 'added,', len(dis), 'disagreements')
