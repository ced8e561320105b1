#!/usr/bin/env python3
"""Draws passes/sample46-49.jsonl (400 texts at random, random.seed(21)) from
the shared corpus texts that no earlier sample took, leaving out the texts
whose escalation was read in session 7 (passes/read-session7.txt), as it was
run once; not needed to build or test the module. They are labelled twice,
blind (passes/A, passes/B), and only for measuring: fresh.jsonl, built by
build_fresh.py, is never trained on. Usage, from testdata/real:

    python3 passes/fresh.py ../../../../shared/data/real/negative-reviews.jsonl
"""
import json, random, sys

taken = set()
for b in range(46):
    for line in open('passes/sample%02d.jsonl' % b, encoding='utf-8'):
        taken.add(json.loads(line)['id'])
read = set(open('passes/read-session7.txt').read().split())
pool = []
for line in open(sys.argv[1], encoding='utf-8'):
    o = json.loads(line)
    if o['id'] not in taken and o['id'] not in read:
        pool.append(o)
random.seed(21)
pick = random.sample(pool, 400)
for k in range(4):
    with open('passes/sample%02d.jsonl' % (46 + k), 'w', encoding='utf-8') as f:
        for o in pick[100 * k:100 * (k + 1)]:
            f.write(json.dumps({'id': o['id'], 'source': o['source'], 'text': o['text']}, ensure_ascii=False) + '\n')
print(len(pool), 'in the pool')
