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
//	aftersales classify -train FILE… -o FILE   a model trained on labelled tickets; -model FILE uses it
//	aftersales refund -order FILE -return LINE:QTY…  refund plan
//
// Run `aftersales help COMMAND` (or `aftersales COMMAND -h`) for each
// command's flags and an example; help asked for goes to standard output
// with exit status 0. lint prints its problems sorted by file:line:col.
// Exit status: 0 success, 1 the check failed (problems, failed tests), 2 usage
// or input errors (a bad flag, a file or directory that cannot be read, an
// invalid request).
package main
