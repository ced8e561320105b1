#!/usr/bin/env python3
"""Assembles fresh.jsonl from passes/sample46-53.jsonl (800 texts drawn by
passes/fresh.py, in two rounds of 400) and their two blind labelling
passes, passes/fresh/A46-53 and B46-53 (run once; not needed to build or test the module). As the
withheld real-text evaluation does, a text counts only where the two passes
agree on code and level (also_ok: the union of both); the others go to
passes/fresh/disagreements.jsonl, not settled and not used. fresh.jsonl is
for measuring only: the generator never reads it. Session 8's second fresh
split, fresh2.jsonl, is built the same way from passes/sample54-61.jsonl and
passes/fresh2/A54-61, B54-61 (second usage). Usage, from this directory:

    python3 build_fresh.py ../../../../shared/data/real/negative-reviews.jsonl
    python3 build_fresh.py ../../../../shared/data/real/negative-reviews.jsonl fresh2
"""
import json, sys

name = sys.argv[2] if len(sys.argv) > 2 else 'fresh'
first = {'fresh': 46, 'fresh2': 54}[name]

src = {}
for line in open(sys.argv[1], encoding='utf-8'):
    o = json.loads(line)
    src[o['id']] = o


def read(path):
    return {o['id']: o for o in map(json.loads, open(path, encoding='utf-8'))}


out, dis = [], []
for b in range(first, first + 8):
    a, bb = read('passes/%s/A%d.jsonl' % (name, b)), read('passes/%s/B%d.jsonl' % (name, b))
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
with open(name + '.jsonl', 'w', encoding='utf-8') as f:
    for e in out:
        f.write(json.dumps(e, ensure_ascii=False) + '\n')
with open('passes/%s/disagreements.jsonl' % name, 'w', encoding='utf-8') as f:
    for e in dis:
        f.write(json.dumps(e, ensure_ascii=False) + '\n')
print(name, len(out), 'disagreements', len(dis))
