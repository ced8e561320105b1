#!/usr/bin/env python3
"""Assembles fresh.jsonl from passes/sample46-53.jsonl (800 texts drawn by
passes/fresh.py, in two rounds of 400) and their two blind labelling
passes, passes/fresh/A46-53 and B46-53 (run once; not needed to build or test the module). As the
withheld real-text evaluation does, a text counts only where the two passes
agree on code and level (also_ok: the union of both); the others go to
passes/fresh/disagreements.jsonl, not settled and not used. fresh.jsonl is
for measuring only: the generator never reads it. Session 8's second fresh
split, fresh2.jsonl, is built the same way from passes/sample54-61.jsonl and
passes/fresh2/A54-61, B54-61 (second usage). passes/active/apply.py uses
agreed for session 9's uncertainty samples. Usage, from this directory:

    python3 build_fresh.py ../../../../shared/data/real/negative-reviews.jsonl
    python3 build_fresh.py ../../../../shared/data/real/negative-reviews.jsonl fresh2
"""
import json, sys


def read(path):
    return {o['id']: o for o in map(json.loads, open(path, encoding='utf-8'))}


def agreed(src, samples, passes):
    """The labelled lines of the texts of the sample files where both
    passes (pairs of files, or the same file twice for a single pass) agree
    on code and level, in order, and the disagreements."""
    out, dis = [], []
    for sample, (pa, pb) in zip(samples, passes):
        a, bb = read(pa), read(pb)
        for line in open(sample, encoding='utf-8'):
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
    return out, dis


def write(path, lines, mode='w'):
    with open(path, mode, encoding='utf-8') as f:
        for e in lines:
            f.write(json.dumps(e, ensure_ascii=False) + '\n')


if __name__ == '__main__':
    name = sys.argv[2] if len(sys.argv) > 2 else 'fresh'
    first = {'fresh': 46, 'fresh2': 54}[name]
    bs = range(first, first + 8)
    out, dis = agreed(read(sys.argv[1]), ['passes/sample%02d.jsonl' % b for b in bs],
                      [('passes/%s/A%d.jsonl' % (name, b), 'passes/%s/B%d.jsonl' % (name, b)) for b in bs])
    write(name + '.jsonl', out)
    write('passes/%s/disagreements.jsonl' % name, dis)
    print(name, len(out), 'disagreements', len(dis))
