// Command kafka is the complaint early warning on Kafka, one consumer-group
// member per replica: complaints (JSON, keyed by customer ID) are read from
// a topic, classified, watched per partition with classify.Watch, and
// alerts produced to another topic; each partition's Watch is checkpointed
// with Watch.Snapshot, so a member taking a partition over restores it and
// goes on where the last owner stopped. Each partition also keeps the SLA
// summary of its complaints' tickets at an agreed instant (-summary-at), in
// its checkpoint, and ships it to a summaries topic; a collector (-collect)
// merges the partitions' summaries into that of all complaints. It lives
// in its own module so that the library does not depend on a Kafka client.
//
//	go run . -brokers localhost:9092 -rules rules.yaml -summary-at 2026-12-01T00:00:00+08:00
//	go run . -brokers localhost:9092 -summary-at 2026-12-01T00:00:00+08:00 -collect
//
// The rules must partition by customer (classify.Watch.PartitionBy), the
// topic's key; see the README, "Running across replicas", for rules that do
// not.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/aftersales-go/aftersales/classify"
	"github.com/aftersales-go/aftersales/sla"
)

// defaultRules partition by customer.
const defaultRules = `rules:
  - name: repeat-customer
    kind: repeat
    by: customer
    window: 7d
  - name: quality-customer
    kind: threshold
    categories: [product]
    by: customer
    window: 24h
    at_least: 3
`

func main() {
	brokers := flag.String("brokers", "localhost:9092", "Kafka brokers, comma-separated")
	group := flag.String("group", "aftersales-watch", "consumer group")
	complaints := flag.String("complaints", "complaints", "topic of complaints, keyed by customer ID")
	alerts := flag.String("alerts", "complaint-alerts", "topic for alerts")
	checkpoints := flag.String("checkpoints", "complaint-watch-checkpoints", "topic for checkpoints, as many partitions as complaints")
	summaries := flag.String("summaries", "complaint-sla-summaries", "topic for the partitions' SLA summaries, as many partitions as complaints")
	summaryAt := flag.String("summary-at", "", "the instant (RFC 3339) every partition's SLA summary is evaluated at, the same on every member: the end of the reporting period")
	collect := flag.Bool("collect", false, "merge the partitions' summaries, print the result and exit")
	rulesFile := flag.String("rules", "", "watch rules (YAML); default: repeat and quality rules by customer")
	flag.Parse()

	at, err := time.Parse(time.RFC3339, *summaryAt)
	if err != nil {
		fmt.Fprintln(os.Stderr, "-summary-at:", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg := Config{
		Brokers:    strings.Split(*brokers, ","),
		Group:      *group,
		Complaints: *complaints, Alerts: *alerts, Checkpoints: *checkpoints, Summaries: *summaries,
		SummaryAt: at,
	}
	if *collect {
		total, next, err := CollectSummaries(ctx, cfg)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		out, _ := json.MarshalIndent(struct {
			At      time.Time               `json:"at"`
			Next    map[int32]int64         `json:"next_offsets"`
			Overall sla.Stats               `json:"overall"`
			ByLevel map[sla.Level]sla.Stats `json:"by_level"`
			ByCode  map[string]sla.Stats    `json:"by_code"`
		}{at, next, total.Overall, total.ByLevel, total.Groups}, "", "  ")
		fmt.Println(string(out))
		return
	}

	src := []byte(defaultRules)
	if *rulesFile != "" {
		b, err := os.ReadFile(*rulesFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		src = b
	}
	cfg.Rules, err = classify.ParseWatchRules(src)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := Run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
