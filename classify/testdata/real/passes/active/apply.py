#!/usr/bin/env python3
"""Adds a round of session 9's uncertainty samples to train.jsonl (run once a
round, after passes/active.py and the two passes; not needed to build or test
the module).
Round 1 (samples 62-69) was read twice, blind: as for the fresh splits, a
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
import json, sys

src = {}
for line in open(sys.argv[1], encoding='utf-8'):
    o = json.loads(line)
    src[o['id']] = o


def read(path):
    return {o['id']: o for o in map(json.loads, open(path, encoding='utf-8'))}


have = set(read('train.jsonl'))
out, dis = [], []
first = int(sys.argv[2])
for b in range(first, first + 8):
    a = read('passes/active/A%d.jsonl' % b)
    bb = read('passes/active/B%d.jsonl' % b) if first == 62 else a
    for line in open('passes/sample%02d.jsonl' % b, encoding='utf-8'):
        i = json.loads(line)['id']
        assert i not in have, i
        x, y, s = a[i], bb[i], src[i]
        if x['code'] != y['code'] or x['level'] != y['level']:
            dis.append({'id': i, 'text': s['text'], 'A': x, 'B': y})
            continue
        why = x.get('why', '')
        if x.get('complaint') is False and not why.startswith('not a complaint'):
            why = 'not a complaint: ' + why
        e = {'id': i, 'text': s['text'], 'lang': 'zh-Hans', 'code': x['code']}
        also = sorted((set(x.get('also_ok') or []) | set(y.get('also_ok') or [])) - {x['code']})
        if also:
            e['also_ok'] = also
        e['level'] = x['level']
        e['source'] = s['source']
        e['why'] = why + (' (session 9 uncertainty sample, two blind passes)' if first == 62 else ' (session 9 uncertainty sample, round %d, one pass)' % {70: 2, 78: 3, 86: 4}[first])
        out.append(e)
with open('train.jsonl', 'a', encoding='utf-8') as f:
    for e in out:
        f.write(json.dumps(e, ensure_ascii=False) + '\n')
if first == 62:
    with open('passes/active/disagreements62.jsonl', 'w', encoding='utf-8') as f:
        for e in dis:
            f.write(json.dumps(e, ensure_ascii=False) + '\n')
print(len(out), 'added,', len(dis), 'disagreements')
