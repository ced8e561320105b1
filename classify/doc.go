// Package classify turns complaint text — simplified Chinese, traditional
// Chinese, English or a mix — into a complaint code (1001–5999, the
// complaint manual's 投诉编码) and a severity level (sla.Level1 … Level4),
// with the evidence for both.
//
// # Model
//
// A Taxonomy holds the codes (name, base level, keywords with weights) and
// the cue lexicons that say how to read the text around a keyword:
// negation (没坏, 不是质量问题, not broken), contrast (…没问题，就是…, but),
// concession (发货慢就算了), near misses (差点, 幸好, almost), injuries and
// threats. The default taxonomy is embedded (taxonomy.yaml, TAXONOMY.md's
// 27 codes); ParseTaxonomy reads a merchant's YAML on top of it.
//
// New compiles a taxonomy into a Classifier: every keyword and cue of every
// code goes into one Aho–Corasick automaton over normalised characters, so
// Classify reads the text once, in time linear in its length, however many
// keywords there are. Normalisation folds full-width to half-width, lower
// case, traditional to simplified (OpenCC's character table, generated into
// t2s_table.go by internal/t2sgen) and drops spaces and punctuation, keeping
// for every character the byte offset of the original: Evidence points into
// the text the customer wrote.
//
// # Reading a complaint
//
// Classify finds every keyword and cue, lets a longer phrase hide the
// shorter ones inside it (多媒体 hides the threat 媒体; 电池鼓包 hides 电池),
// drops negated keywords, discounts what a contrast or concession puts
// aside and boosts what a focus cue (主要是) points at, then sums the weights
// per code. The best code wins; with too little evidence the answer is 5999
// (其他) with low confidence. Keywords may be proximity pairs ("扣...两次",
// "charged...twice": both in one clause, close together) and '~' keywords
// count only when negated (~保温 matches 不保温), which is how defects
// described without the obvious word are caught.
//
// # Severity
//
// The level starts from the code's base level and follows TAXONOMY.md's
// rules, each listed in Result.Escalations when it fires: an injury or
// safety incident that happened → level 1 (a near miss does not count); a
// threat to go to a regulator, the media, the police or a court → one level
// more severe (差评 is not such a threat); an order amount at or above the
// high-value threshold (WithHighValue, default 5000) with a product code →
// level 1; affected customers at or above the group size (WithGroupSize,
// default 10) → level 1.
//
// # Early warning
//
// Watch follows complaint volumes as events stream in (manual §9.2): a
// threshold per code, category or key in a sliding window ("more than 20
// quality complaints on one SKU family in an hour"), a spike against the
// trailing baseline ("3× the previous week's hourly mean, at least 10"), and
// repeat complaints by the same customer or order (投诉重复率, §7.1). Memory is
// bounded by the windows, not by history; Scan gives the same alerts for a
// batch. Rules load from YAML with ParseWatchRules. A Watch keeps a stream's
// state behind a mutex; everything else here is immutable.
//
// # Guarantees
//
// Classify never panics and never fails: empty text, invalid UTF-8 and huge
// inputs (read up to MaxTextBytes) give a defined Result. A Classifier and a
// Taxonomy are immutable once built and safe for concurrent use; the package
// holds no mutable state and never reads the clock.
package classify
