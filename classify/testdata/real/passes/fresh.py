#!/usr/bin/env python3
"""Draws passes/sample46-49.jsonl (400 texts at random, random.seed(21)),
then sample50-53.jsonl (400 more, random.seed(22), after 46-49), from the
shared corpus texts that no earlier sample took, leaving out the texts
whose escalation or answer was read in session 7 (passes/read-session7.txt),
as it was run once; not needed to build or test the module. They are labelled twice,
blind (passes/fresh/A, passes/fresh/B), and only for measuring: fresh.jsonl, built by
build_fresh.py, is never trained on. Session 8 drew a second fresh split the
same way, sample54-57 (seed 23) and sample58-61 (seed 24), leaving out as well
the texts whose answer was read in session 8 (passes/read-session8.txt):
fresh2.jsonl. Usage, from testdata/real:

    python3 passes/fresh.py ../../../../shared/data/real/negative-reviews.jsonl 46
    python3 passes/fresh.py ../../../../shared/data/real/negative-reviews.jsonl 50
    python3 passes/fresh.py ../../../../shared/data/real/negative-reviews.jsonl 54
    python3 passes/fresh.py ../../../../shared/data/real/negative-reviews.jsonl 58
"""
import json, random, sys

taken = set()
first = int(sys.argv[2]) if len(sys.argv) > 2 else 46
for b in range(first):
    for line in open('passes/sample%02d.jsonl' % b, encoding='utf-8'):
        taken.add(json.loads(line)['id'])
read = set(open('passes/read-session7.txt').read().split())
if first >= 54:
    read |= set(open('passes/read-session8.txt').read().split())
pool = []
for line in open(sys.argv[1], encoding='utf-8'):
    o = json.loads(line)
    if o['id'] not in taken and o['id'] not in read:
        pool.append(o)
random.seed({46: 21, 50: 22, 54: 23, 58: 24}[first])
pick = random.sample(pool, 400)
for k in range(4):
    with open('passes/sample%02d.jsonl' % (first + k), 'w', encoding='utf-8') as f:
        for o in pick[100 * k:100 * (k + 1)]:
            f.write(json.dumps({'id': o['id'], 'source': o['source'], 'text': o['text']}, ensure_ascii=False) + '\n')
print(len(pool), 'in the pool')
