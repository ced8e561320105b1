// Package cn is the working calendar of the People's Republic of China for
// package sla.
//
// Working days are Monday to Friday, minus the public holidays, plus the
// make-up working weekend days (调休) that the General Office of the State
// Council announces each year to bridge holidays into longer breaks. Working
// hours are 09:00–18:00 in Asia/Shanghai unless WithWorkHours says otherwise;
// WithLunchBreak removes a daily break.
//
// The official schedules for 2024–2026 are embedded (data/, copied from the
// State Council notices). For later years the package derives the statutory
// holidays from the law and an embedded table of lunar festival dates up to
// 2060: New Year 1 day, Spring Festival 4 (除夕 and 初一–初三), Qingming 1,
// Labour Day 2, Dragon Boat 1, Mid-Autumn 1 and National Day 3; and, by
// 全国年节及纪念日放假办法第六条, a holiday that falls on a Saturday or Sunday is
// made up on the first working day after the holiday (补假): National Day
// 2027 runs Friday 1 to Tuesday 5 October. Such years have no make-up
// working days (调休), since those cannot be predicted, and Provisional
// reports them. The State Council publishes each year's schedule, usually in
// November; supplied with WithSchedule it replaces the derivation for that
// year entirely, without a new release of this package:
//
//	f, err := os.Open("cn-official-schedule-2027.csv")
//	…
//	c, err := cn.New(cn.WithSchedule(f))
//
// New returns an *sla.Calendar, the fast form used by sla for deadlines.
// BusinessCalendar returns the same calendar as a *cal.BusinessCalendar of
// github.com/rickar/cal/v2, for code that already uses that package.
package cn
