// Command kafka is the complaint early warning on Kafka, one consumer-group
// member per replica: complaints (JSON, keyed by customer ID) are read from
// a topic, classified, watched per partition with classify.Watch, and
// alerts produced to another topic; each partition's Watch is checkpointed
// with Watch.Snapshot, so a member taking a partition over restores it and
// goes on where the last owner stopped. It lives in its own module so that
// the library does not depend on a Kafka client.
//
//	go run . -brokers localhost:9092 -rules rules.yaml
//
// The rules must partition by customer (classify.Watch.PartitionBy), the
// topic's key; see the README, "Running across replicas", for rules that do
// not.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"github.com/aftersales-go/aftersales/classify"
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
	rulesFile := flag.String("rules", "", "watch rules (YAML); default: repeat and quality rules by customer")
	flag.Parse()

	src := []byte(defaultRules)
	if *rulesFile != "" {
		b, err := os.ReadFile(*rulesFile)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		src = b
	}
	rules, err := classify.ParseWatchRules(src)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err = Run(ctx, Config{
		Brokers:    strings.Split(*brokers, ","),
		Group:      *group,
		Complaints: *complaints, Alerts: *alerts, Checkpoints: *checkpoints,
		Rules: rules,
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
