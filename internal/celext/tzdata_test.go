package celext

// The embedded time-zone database, so that tests loading Asia/Shanghai get
// the real zone on machines without /usr/share/zoneinfo.
import _ "time/tzdata"
