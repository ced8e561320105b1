package sla_test

// The embedded time-zone database: tests that need a zone with daylight
// saving time (America/New_York) run on machines without /usr/share/zoneinfo
// instead of skipping.
import _ "time/tzdata"
