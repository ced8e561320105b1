package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/aftersales-go/aftersales/classify"
	"github.com/aftersales-go/aftersales/compensation"
	"github.com/aftersales-go/aftersales/policy"
	"github.com/aftersales-go/aftersales/policy/cn"
	"github.com/aftersales-go/aftersales/sla"
	slacn "github.com/aftersales-go/aftersales/sla/cn"
)

// maxBody bounds a request body: after-sales requests are small, and an
// unbounded decoder is a memory exhaustion waiting to happen.
const maxBody = 1 << 20

// service holds what every request shares. Everything in it is immutable
// and safe for concurrent use, so handlers need no locks.
type service struct {
	policies   *policy.Set
	sla        *sla.Policy
	classifier *classify.Classifier
}

// NewHandler builds the HTTP handler on the embedded defaults.
func NewHandler() (http.Handler, error) {
	calendar, err := slacn.New()
	if err != nil {
		return nil, err
	}
	s := &service{
		policies:   policy.NewSet(policy.AllowOverrides, cn.Statutory()),
		sla:        sla.Default(calendar),
		classifier: classify.Default(),
	}
	mux := http.NewServeMux()
	for path, h := range map[string]http.HandlerFunc{
		"/decide": s.decide, "/deadline": s.deadline, "/refund": s.refund, "/classify": s.classify,
	} {
		mux.HandleFunc("POST "+path, h)
		// Any other method on a known path: a JSON 405, not ServeMux's text.
		mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Allow", http.MethodPost)
			fail(w, http.StatusMethodNotAllowed, fmt.Errorf("%s %s: method not allowed (use POST)", r.Method, path))
		})
	}
	// Every other path: a JSON 404.
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fail(w, http.StatusNotFound, fmt.Errorf("%s: not found (endpoints: POST /decide, /deadline, /refund, /classify)", r.URL.Path))
	})
	return mux, nil
}

func (s *service) decide(w http.ResponseWriter, r *http.Request) {
	var in policy.Input
	if !decode(w, r, &in) {
		return
	}
	if err := validateInput(in); err != nil {
		fail(w, http.StatusBadRequest, err)
		return
	}
	d, err := s.policies.Decide(r.Context(), in)
	if ie := (*policy.InputError)(nil); errors.As(err, &ie) {
		fail(w, http.StatusBadRequest, err) // e.g. a misspelt request.kind
		return
	}
	if err != nil {
		fail(w, http.StatusInternalServerError, err)
		return
	}
	reply(w, d)
}

// deadlineRequest is a complaint's SLA ticket and the moment to evaluate it.
type deadlineRequest struct {
	Level     level          `json:"level"`
	Opened    time.Time      `json:"opened"`
	Responded time.Time      `json:"responded,omitzero"`
	Resolved  time.Time      `json:"resolved,omitzero"`
	Pauses    []sla.Interval `json:"pauses,omitempty"`
	Now       time.Time      `json:"now"`
}

func (s *service) deadline(w http.ResponseWriter, r *http.Request) {
	var req deadlineRequest
	if !decode(w, r, &req) {
		return
	}
	if req.Opened.IsZero() || req.Now.IsZero() {
		fail(w, http.StatusBadRequest, errors.New("opened and now are required (RFC 3339)"))
		return
	}
	report, err := s.sla.Evaluate(sla.Ticket{Level: sla.Level(req.Level), Opened: req.Opened, RespondedAt: req.Responded,
		ResolvedAt: req.Resolved, Pauses: req.Pauses}, req.Now)
	if err != nil {
		// Unknown level, pause ending before it starts, a date the calendar does not cover.
		fail(w, http.StatusBadRequest, err)
		return
	}
	reply(w, report)
}

// level accepts a complaint level as a number (2) or as text ("L2", "二级").
type level sla.Level

func (l *level) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	v, err := sla.ParseLevel(s)
	if err != nil {
		return err
	}
	*l = level(v)
	return nil
}

// classifyRequest is a complaint as filed.
type classifyRequest struct {
	Text              string          `json:"text"`
	Reason            string          `json:"reason,omitempty"`
	OrderAmount       decimal.Decimal `json:"order_amount,omitzero"`
	AffectedCustomers int             `json:"affected_customers,omitempty"`
}

func (s *service) classify(w http.ResponseWriter, r *http.Request) {
	var req classifyRequest
	if !decode(w, r, &req) {
		return
	}
	switch {
	case strings.TrimSpace(req.Text) == "" && req.Reason == "":
		fail(w, http.StatusBadRequest, errors.New("text: required"))
		return
	case req.OrderAmount.IsNegative() || req.AffectedCustomers < 0:
		fail(w, http.StatusBadRequest, errors.New("order_amount and affected_customers must not be negative"))
		return
	}
	reply(w, s.classifier.Classify(classify.Complaint{Text: req.Text, Reason: req.Reason,
		OrderAmount: req.OrderAmount, AffectedCustomers: req.AffectedCustomers}))
}

// refundRequest is an order and the units returned before and now.
type refundRequest struct {
	Order   compensation.Order    `json:"order"`
	Prior   []compensation.Return `json:"prior,omitempty"`
	Returns []compensation.Return `json:"returns"`
	// MerchantAtFault waives the free-shipping deduction (quality returns).
	MerchantAtFault bool `json:"merchant_at_fault,omitempty"`
}

func (s *service) refund(w http.ResponseWriter, r *http.Request) {
	var req refundRequest
	if !decode(w, r, &req) {
		return
	}
	if len(req.Returns) == 0 {
		fail(w, http.StatusBadRequest, errors.New(`returns: required, e.g. [{"line_id": "shirt", "quantity": 1}]`))
		return
	}
	var opts []compensation.PlanOption
	if req.MerchantAtFault {
		opts = append(opts, compensation.ForDefect())
	}
	plan, err := compensation.PlanRefund(req.Order, req.Prior, req.Returns, opts...)
	if err != nil {
		fail(w, http.StatusBadRequest, errors.New(jsonNames(err.Error())))
		return
	}
	reply(w, plan)
}

func validateInput(in policy.Input) error {
	switch {
	case in.Now.IsZero():
		return errors.New("now: required (RFC 3339)")
	case in.Request.Kind == "":
		return errors.New("request.kind: required (return, exchange, repair or refund_only)")
	case in.Item.Paid.IsNegative() || in.Item.Price.IsNegative():
		return errors.New("item: price and paid must not be negative")
	case !in.Order.ReceivedAt.IsZero() && in.Order.ReceivedAt.After(in.Now):
		return errors.New("order.received_at: after now")
	}
	return nil
}

// goPath matches the Go field paths of compensation's errors:
// order.Lines[2].UnitPrice, now[0].LineID, prior[1].Quantity.
var (
	goPath  = regexp.MustCompile(`\b(order|now|prior)((?:\.[A-Z][A-Za-z]*|\[[0-9]+\])+)`)
	goField = regexp.MustCompile(`\.[A-Z][A-Za-z]*`)
)

// jsonNames rewrites the Go field paths in a compensation error as the
// request's JSON names: now[0].LineID → returns[0].line_id,
// order.Lines[2].UnitPrice → order.lines[2].unit_price.
func jsonNames(msg string) string {
	return goPath.ReplaceAllStringFunc(msg, func(p string) string {
		m := goPath.FindStringSubmatch(p)
		root := m[1]
		if root == "now" {
			root = "returns"
		}
		rest := goField.ReplaceAllStringFunc(m[2], func(f string) string {
			return "." + snake(f[1:])
		})
		return root + rest
	})
}

// snake turns a Go field name into its JSON name: LineID → line_id,
// FreeShippingFrom → free_shipping_from.
func snake(name string) string {
	var b strings.Builder
	rs := []rune(name)
	for i, r := range rs {
		upper := unicode.IsUpper(r)
		if upper && i > 0 && (unicode.IsLower(rs[i-1]) || i+1 < len(rs) && unicode.IsLower(rs[i+1])) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// decode reads a JSON body strictly: unknown fields and trailing data are
// errors, so a typo in a field name is a 400, not a silently ignored value.
// A body that says it is something other than JSON is a 415.
func decode(w http.ResponseWriter, r *http.Request, v any) bool {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			fail(w, http.StatusUnsupportedMediaType, fmt.Errorf("content type %q: send application/json", ct))
			return false
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			fail(w, http.StatusRequestEntityTooLarge, fmt.Errorf("body larger than %d bytes", tooLarge.Limit))
			return false
		}
		fail(w, http.StatusBadRequest, fmt.Errorf("invalid JSON body: %w", err))
		return false
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		fail(w, http.StatusBadRequest, errors.New("invalid JSON body: trailing data"))
		return false
	}
	return true
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

func fail(w http.ResponseWriter, status int, err error) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
}
