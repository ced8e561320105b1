// Command aftersales is the command line for policy authors and support
// staff: check and test policies without writing Go, and ask the library's
// questions — may this be returned, by when must we answer, which complaint
// is this, how much do we refund — from a terminal.
//
//	aftersales lint FILE…                      compile policies and compensation rules
//	aftersales test [DIR|FILE…]                run policytest YAML suites
//	aftersales decide -policy FILE… -input FILE  decide a request (JSON)
//	aftersales deadline -level 2 -opened TIME  SLA clocks on the PRC calendar
//	aftersales classify "文本"                  complaint code, level, evidence
//	aftersales refund -order FILE -return LINE:QTY…  refund plan
//
// Run `aftersales COMMAND -h` for each command's flags and an example.
// Exit status: 0 success, 1 the check failed (problems, failed tests), 2 usage
// or input errors.
package main
