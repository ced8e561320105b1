package policy_test

// The embedded time-zone database, so that policies naming a zone compile
// the same way on machines without /usr/share/zoneinfo.
import _ "time/tzdata"
