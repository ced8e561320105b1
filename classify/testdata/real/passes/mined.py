#!/usr/bin/env python3
"""Draws passes/sample14-19.jsonl, sample20-25.jsonl and sample26-31.jsonl
(1,800 texts each, drawn for level-1 words), sample32-37.jsonl (1,800
texts at random, random.seed(19), after 00-31) and sample38-45.jsonl (2,400
at random, random.seed(20), after 00-37)
from the shared corpus, as it was run once; not needed to build or test the
module. Usage, from testdata/real:

    python3 passes/mined.py ../../../../shared/data/real/negative-reviews.jsonl

Level-1 complaints are rare in random samples (about 12 %), so 1,200 of the
texts are drawn from those that contain a word of the level-1 codes or of an
escalation (fake, used, mould, rot, insects, illness, allergy, burning,
regulators; PATTERN below), the other 600 from the texts that contain none,
all from the texts earlier samples did not take: 14-19 with random.seed(16)
after samples 00-13, then 20-25 with random.seed(17) after 00-19, then 26-31
with random.seed(18) after 00-25, the words of PATTERN or EXTRA (few texts
with PATTERN's words were left: 1,394) choosing the 1,200. The words
only pick the texts: each was labelled by reading it, and many are not
level 1 (太烂了 about a book, 像假货 as a simile).
"""
import json, random, re, sys

PATTERN = re.compile(
    r'假货|假的|山寨|仿品|高仿|正品|二手|翻新|旧的|用过的|退货的|霉|烂|变质|坏了的|臭|馊|过期|'
    r'异物|头发|虫|苍蝇|蟑螂|拉肚子|腹泻|吃坏|呕吐|吐了|食物中毒|医院|过敏|红肿|起疹|痒|爆炸|'
    r'炸了|漏电|冒烟|着火|起火|烫伤|划伤|割伤|鼓包|发烫|刺鼻|甲醛|有毒|三聚氰胺|12315|工商|'
    r'消协|曝光|起诉|律师')

# More words of illness, spoilage, used goods and escalation, for the third
# round.
EXTRA = re.compile(
    r'长毛|生虫|异味|怪味|酸了|肚子疼|肚子痛|不舒服|恶心|中毒|刺痛|脱皮|长痘|痘痘|受伤|投诉|维权|'
    r'315|媒体|报警|假冒|不是新的|拆封')

src = [json.loads(line) for line in open(sys.argv[1], encoding='utf-8')]


def draw(first, seed, used, words):
    rest = [o for o in src if o['id'] not in used]
    matched = [o for o in rest if any(w.search(o['text']) for w in words)]
    random.seed(seed)
    mined = random.sample(matched, 1200)
    taken = {o['id'] for o in mined}
    others = [o for o in rest if o['id'] not in taken
              and not any(w.search(o['text']) for w in words)]
    drawn = mined + random.sample(others, 600)
    random.shuffle(drawn)
    for b in range(6):
        with open('passes/sample%02d.jsonl' % (first + b), 'w', encoding='utf-8') as f:
            for o in drawn[b * 300:(b + 1) * 300]:
                f.write(json.dumps({'id': o['id'], 'source': o['source'], 'text': o['text']},
                                   ensure_ascii=False) + '\n')
    return used | {o['id'] for o in drawn}


used = set()
for b in range(14):
    for line in open('passes/sample%02d.jsonl' % b, encoding='utf-8'):
        used.add(json.loads(line)['id'])
used = draw(14, 16, used, [PATTERN])
used = draw(20, 17, used, [PATTERN])
used = draw(26, 18, used, [PATTERN, EXTRA])

# A fourth round at random, for the errors the level-1 words do not reach
# (logistics read as product, rants and book opinions read as defects).
def draw_random(first, batches, seed, used):
    rest = [o for o in src if o['id'] not in used]
    random.seed(seed)
    drawn = random.sample(rest, 300 * batches)
    for b in range(batches):
        with open('passes/sample%02d.jsonl' % (first + b), 'w', encoding='utf-8') as f:
            for o in drawn[b * 300:(b + 1) * 300]:
                f.write(json.dumps({'id': o['id'], 'source': o['source'], 'text': o['text']},
                                   ensure_ascii=False) + '\n')
    return used | {o['id'] for o in drawn}


used = draw_random(32, 6, 19, used)
draw_random(38, 8, 20, used)
