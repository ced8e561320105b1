#!/usr/bin/env python3
"""Applies the session-8 re-reading to train.jsonl (run once, after
select.py and the two passes; not needed to build or test the module):
where both passes agree on code and level and differ from the first
reading, the line takes their label (also_ok: the union of theirs and the
old code), its why says so, and its id goes to changed.txt. Usage, from
testdata/real, with train.jsonl as of commit bae962c:

    python3 passes/relabel8/apply.py
"""
import json


def read(path):
    return {o['id']: o for o in map(json.loads, open(path, encoding='utf-8'))}


A, B, cands = {}, {}, set()
for i in range(4):
    A.update(read('passes/relabel8/A%d.jsonl' % i))
    B.update(read('passes/relabel8/B%d.jsonl' % i))
    cands |= set(read('passes/relabel8/batch%d.jsonl' % i))
out, changed = [], []
for line in open('train.jsonl', encoding='utf-8').read().splitlines():
    o = json.loads(line)
    i = o['id']
    a, b = A.get(i), B.get(i)
    if i not in cands or (a['code'], a['level']) != (b['code'], b['level']) or (a['code'], a['level']) == (o['code'], o['level']):
        out.append(line)
        continue
    also = sorted((set(a.get('also_ok') or []) | set(b.get('also_ok') or []) | {o['code']}) - {a['code']})
    e = {'id': i, 'text': o['text'], 'lang': o.get('lang', 'zh-Hans'), 'code': a['code']}
    if also:
        e['also_ok'] = also
    e['level'] = a['level']
    e['source'] = o['source']
    why = a.get('why', '')
    if a.get('complaint') is False and not why.startswith('not a complaint'):
        why = 'not a complaint: ' + why
    e['why'] = why + ' (session 8 re-reading, two blind passes; was %d L%d)' % (o['code'], o['level'])
    out.append(json.dumps(e, ensure_ascii=False))
    changed.append(i)
with open('train.jsonl', 'w', encoding='utf-8') as f:
    f.write('\n'.join(out) + '\n')
with open('passes/relabel8/changed.txt', 'w', encoding='utf-8') as f:
    f.write('\n'.join(changed) + '\n')
print(len(changed), 'relabelled')
