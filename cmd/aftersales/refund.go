package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/aftersales-go/aftersales/compensation"
)

// refund prints the refund plan for returning some units of an order.
func refund(c *cli, args []string) int {
	fs := c.flags("refund", "-order FILE -return LINE:QTY… [-prior LINE:QTY…]",
		`aftersales refund -order order.json -return shirt:1 -prior shirt:1`)
	orderFile := fs.String("order", "", `the order as JSON: {"lines":[{"id":"shirt","unit_price":"99.00","quantity":3}],"discount":"20.00","freight":"10.00","free_shipping_from":"199.00"}`)
	var returns, prior stringList
	fs.Var(&returns, "return", "units returned now, as LINE:QTY (repeatable)")
	fs.Var(&prior, "prior", "units returned before, as LINE:QTY (repeatable)")
	noFreight := fs.Bool("no-freight-deduction", false, "never deduct freight (e.g. the merchant is at fault)")
	defect := fs.Bool("defect", false, "a return for a defect: the merchant bears the freight (消费者权益保护法第二十四条), nothing is deducted")
	asJSON := fs.Bool("json", false, "print the plan as JSON")
	if code, ok := c.parse(fs, args); !ok {
		return code
	}
	if *orderFile == "" || len(returns) == 0 {
		return c.usageError("refund", "-order and at least one -return are required")
	}
	raw, err := os.ReadFile(*orderFile)
	if err != nil {
		fmt.Fprintln(c.stderr, err)
		return 2
	}
	var order compensation.Order
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&order); err != nil {
		fmt.Fprintf(c.stderr, "%s: invalid order: %v\n", *orderFile, err)
		return 2
	}
	now, err := parseReturns("return", returns)
	if err != nil {
		return c.usageError("refund", "%v", err)
	}
	before, err := parseReturns("prior", prior)
	if err != nil {
		return c.usageError("refund", "%v", err)
	}
	var opts []compensation.PlanOption
	if *noFreight {
		opts = append(opts, compensation.WithoutFreightDeduction())
	}
	if *defect {
		opts = append(opts, compensation.ForDefect())
	}
	plan, err := compensation.PlanRefund(order, before, now, opts...)
	if err != nil {
		fmt.Fprintf(c.stderr, "aftersales refund: %v\n", err)
		return 2
	}
	if *asJSON {
		return c.json(plan)
	}
	cur := plan.Currency
	tw := tabwriter.NewWriter(c.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "line\tqty\tprice\tdiscount\trefund\t")
	var notes []string
	for _, l := range plan.Lines {
		name := l.LineID
		if l.Kind == compensation.RefundFreightDeduction {
			name = "freight"
			notes = append(notes, l.Note)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t\n", name, l.Quantity, cur.Format(l.Price), cur.Format(l.Discount), cur.Format(l.Amount))
	}
	tw.Flush()
	for _, n := range notes {
		fmt.Fprintf(c.stdout, "note: %s\n", n)
	}
	fmt.Fprintf(c.stdout, "total %s %s (goods %s, freight %s); paid goods not yet refunded: %s\n",
		cur.Format(plan.Total), cur, cur.Format(plan.Goods), cur.Format(plan.Freight), cur.Format(plan.Remaining))
	return 0
}

// parseReturns reads LINE:QTY arguments.
func parseReturns(flag string, args []string) ([]compensation.Return, error) {
	var out []compensation.Return
	for _, a := range args {
		line, qty, ok := strings.Cut(a, ":")
		n, err := strconv.Atoi(qty)
		if !ok || line == "" || err != nil {
			return nil, fmt.Errorf("-%s %q: want LINE:QTY, e.g. shirt:1", flag, a)
		}
		out = append(out, compensation.Return{LineID: line, Quantity: n})
	}
	return out, nil
}
