#!/usr/bin/env python3
"""Assembles train/dev/test.jsonl from the labelling passes (run once; not
needed to build or test the module). Usage, from this directory:

    python3 build.py ../../../../shared/data/real/negative-reviews.jsonl

passes/sampleNN.jsonl are the texts sampled from the shared corpus (00-07
with random.seed(14), 2,400 texts; 08-13 with random.seed(15) from the rest,
1,800 texts; 14-19, 20-25 and 26-31, 1,800 texts each of which 1,200 contain a
word of the level-1 codes, by passes/mined.py; 32-37 and 38-45, 1,800 and
2,400 texts at random from the rest, by the same script). passes/A and passes/B are two independent labelling passes
(B only for 00-07); passes/adjudicated.jsonl settles the 72 texts on which
A and B disagreed about the code or the level (passes/disagreements.jsonl).
passes/second is a second, blind reading of the 2,052 single-pass texts
whose out-of-fold prediction (passes/second/model.jsonl) disagreed with the
first; it is a measurement of the labels, not applied here (README).

Split: samples 00-07 by the SHA-1 of the id (< 20 of 100 → test, < 35 →
dev, else train); samples 08-45, labelled once, go to train only.

train.jsonl as committed is this script's, then passes/relabel8/apply.py
(session 8's re-reading), then passes/active/apply.py for 62, 70, 78 and 86
(session 9's uncertainty samples, appended).
"""
import glob, hashlib, json, os, sys

src = {}
for line in open(sys.argv[1], encoding='utf-8'):
    o = json.loads(line)
    src[o['id']] = o


def split(i):
    h = int(hashlib.sha1(i.encode()).hexdigest(), 16) % 100
    return 'test' if h < 20 else 'dev' if h < 35 else 'train'


lab = {}
for f in sorted(glob.glob('passes/A/batch*.jsonl')):
    for line in open(f, encoding='utf-8'):
        o = json.loads(line)
        lab[o['id']] = dict(o, passes=1)
for f in sorted(glob.glob('passes/B/batch*.jsonl')):
    for line in open(f, encoding='utf-8'):
        o = json.loads(line)
        a = lab[o['id']]
        if a['code'] == o['code'] and a['level'] == o['level']:
            also = sorted(set(a.get('also_ok') or []) | set(o.get('also_ok') or []))
            lab[o['id']] = dict(a, also_ok=also, passes=2)
        else:
            lab[o['id']] = dict(a, passes=-1)
for line in open('passes/adjudicated.jsonl', encoding='utf-8'):
    o = json.loads(line)
    lab[o['id']] = dict(o, passes=3)

out = {k: [] for k in ('train', 'dev', 'test')}
for b in range(46):
    for line in open('passes/sample%02d.jsonl' % b, encoding='utf-8'):
        i = json.loads(line)['id']
        o, s = lab[i], src[i]
        assert o['passes'] != -1, i
        why = o.get('why', '')
        if o.get('complaint') is False and not why.startswith('not a complaint'):
            why = 'not a complaint: ' + why
        e = {'id': i, 'text': s['text'], 'lang': 'zh-Hans', 'code': o['code']}
        also = [c for c in (o.get('also_ok') or []) if c != o['code']]
        if also:
            e['also_ok'] = also
        e['level'] = o['level']
        e['source'] = s['source']
        e['why'] = why
        out[split(i) if b < 8 else 'train'].append(e)
for k, v in out.items():
    with open(k + '.jsonl', 'w', encoding='utf-8') as f:
        for e in v:
            f.write(json.dumps(e, ensure_ascii=False) + '\n')
    print(k, len(v))
