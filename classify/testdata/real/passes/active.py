#!/usr/bin/env python3
"""Draws session 9's uncertainty samples (active learning), as it was run
once; not needed to build or test the module. Each of the four rounds takes
texts of the shared corpus that no earlier sample took, on which a model was
least sure (that of commit 11a2d60 for rounds 1 and 2):

- round 1, passes/sample62-69.jsonl: whether the text is level 1 — answered
  level 1 with the level-1 codes (1003, 1005, 1006) together below 0.6
  among its candidates, or another level with them at 0.10 or more;
- round 2, passes/sample70-77.jsonl: which level — the two likeliest levels
  (each the candidates' probabilities summed by their code's base level)
  within 0.2 of each other;
- round 3, passes/sample78-85.jsonl: either, by the model of commit e7647e6
  (trained with rounds 1 and 2), the levels within 0.3;
- round 4, passes/sample86-93.jsonl: the same, by the model of commit 0b904dc
  (trained with rounds 1-3), the levels within 0.5 (within 0.3 left only
  345 texts).

The scores come from

    go run ./cmd/aftersales classify -json -file ../shared/data/real/negative-reviews.jsonl > all.jsonl

at that commit (from the module's root); all2.jsonl and all3.jsonl
for rounds 3 and 4. They are shuffled (random.seed(25),
26, 27, 28) and cut into eight files, labelled for training only with the fresh splits'
prompt (passes/active/PROMPT.md): round 1 twice, blind (passes/active/ANN,
BNN), rounds 2-4 once (ANN). Usage, from
testdata/real:

    python3 passes/active.py ../../../../shared/data/real/negative-reviews.jsonl all.jsonl 62
    python3 passes/active.py ../../../../shared/data/real/negative-reviews.jsonl all.jsonl 70
    python3 passes/active.py ../../../../shared/data/real/negative-reviews.jsonl all2.jsonl 78
    python3 passes/active.py ../../../../shared/data/real/negative-reviews.jsonl all3.jsonl 86
"""
import json, random, re, sys

first = int(sys.argv[3])
base = {}  # each code's base level, from taxonomy.yaml
code = None
for line in open('../../taxonomy.yaml', encoding='utf-8'):
    m = re.match(r'\s*- code: (\d+)', line) or re.match(r'\s+level: (\d)', line)
    if m and line.lstrip().startswith('- code'):
        code = int(m.group(1))
    elif m and code and code not in base:
        base[code] = int(m.group(1))
taken = set()
for b in range(first):
    for line in open('passes/sample%02d.jsonl' % b, encoding='utf-8'):
        taken.add(json.loads(line)['id'])
answers = {}
for line in open(sys.argv[2], encoding='utf-8'):
    o = json.loads(line)
    answers[o['id']] = o
pool = []
for line in open(sys.argv[1], encoding='utf-8'):
    o = json.loads(line)
    if o['id'] in taken:
        continue
    a = answers[o['id']]
    cands = a['candidates'] or []
    share = sum(c['score'] for c in cands if c['code'] in (1003, 1005, 1006))
    level1 = (a['level'] == 'L1' and share < 0.6) or (a['level'] != 'L1' and share >= 0.10)
    levels = [0.0] * 5
    for c in cands:
        levels[base[c['code']]] += c['score']
    levels.sort(reverse=True)
    margin = levels[0] - levels[1]
    if (first == 62 and level1) or (first == 70 and margin < 0.2) or (first == 78 and (level1 or margin < 0.3)) or (first == 86 and (level1 or margin < 0.5)):
        pool.append(o)
random.seed({62: 25, 70: 26, 78: 27, 86: 28}[first])
random.shuffle(pool)
n = (len(pool) + 7) // 8
for k in range(8):
    with open('passes/sample%02d.jsonl' % (first + k), 'w', encoding='utf-8') as f:
        for o in pool[n * k:n * (k + 1)]:
            f.write(json.dumps({'id': o['id'], 'source': o['source'], 'text': o['text']}, ensure_ascii=False) + '\n')
print(len(pool), 'texts,', n, 'a file')
