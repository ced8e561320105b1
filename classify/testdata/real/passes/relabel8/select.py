#!/usr/bin/env python3
"""Chooses the texts of the session-8 re-reading (run once; not needed to
build or test the module): the single-pass training texts (samples 08-45)
that mention opened, used or refurbished goods and are not labelled 1003,
in train.jsonl order, split into batch0-3.jsonl. changed.txt lists the
ones relabelled, where both blind passes (A, B) agreed on a code and level
other than the first reading's. Usage, from testdata/real (before the
relabelling, i.e. with train.jsonl as of commit bae962c):

    python3 passes/relabel8/select.py
"""
import json, re

single = set()
for b in range(8, 46):
    for line in open('passes/sample%02d.jsonl' % b, encoding='utf-8'):
        single.add(json.loads(line)['id'])
pat = re.compile('拆封|拆过|被拆|打开过|被打开|开封|开过|已开|是开的|都开了|弹开|被用过|用过的|人用过|使用过|'
                 '二手|翻新|返修|退回来|退货机|别人退|塑封|封口|指纹|手印|激活过|被激活|不是新的|旧的|旧货')
rows = [json.loads(line) for line in open('train.jsonl', encoding='utf-8')]
picked = [r for r in rows if r['id'] in single and pat.search(r['text']) and r['code'] != 1003]
n = len(picked)
for i in range(4):
    with open('passes/relabel8/batch%d.jsonl' % i, 'w', encoding='utf-8') as f:
        for r in picked[i * n // 4:(i + 1) * n // 4]:
            f.write(json.dumps({'id': r['id'], 'source': r['source'], 'text': r['text']}, ensure_ascii=False) + '\n')
print(n, 'texts')
