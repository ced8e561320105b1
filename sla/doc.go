// Package sla computes complaint-handling deadlines on a business calendar.
//
// It is being built; see the package's issue for the full design.
package sla
