#!/usr/bin/env python3
"""Assembles fresh.jsonl from passes/sample46-53.jsonl (800 texts drawn by
passes/fresh.py, in two rounds of 400) and their two blind labelling
passes, passes/fresh/A46-53 and B46-53 (run once; not needed to build or test the module). As the
withheld real-text evaluation does, a text counts only where the two passes
agree on code and level (also_ok: the union of both); the others go to
passes/fresh/disagreements.jsonl, not settled and not used. fresh.jsonl is
for measuring only: the generator never reads it. Usage, from this
directory:

    python3 build_fresh.py ../../../../shared/data/real/negative-reviews.jsonl
"""
import json, sys

src = {}
for line in open(sys.argv[1], encoding='utf-8'):
    o = json.loads(line)
    src[o['id']] = o


def read(path):
    return {o['id']: o for o in map(json.loads, open(path, encoding='utf-8'))}


out, dis = [], []
for b in range(46, 54):
    a, bb = read('passes/fresh/A%d.jsonl' % b), read('passes/fresh/B%d.jsonl' % b)
    for line in open('passes/sample%02d.jsonl' % b, encoding='utf-8'):
        i = json.loads(line)['id']
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
        e['why'] = why
        out.append(e)
with open('fresh.jsonl', 'w', encoding='utf-8') as f:
    for e in out:
        f.write(json.dumps(e, ensure_ascii=False) + '\n')
with open('passes/fresh/disagreements.jsonl', 'w', encoding='utf-8') as f:
    for e in dis:
        f.write(json.dumps(e, ensure_ascii=False) + '\n')
print('fresh', len(out), 'disagreements', len(dis))
