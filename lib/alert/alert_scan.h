/*
 * alert_scan.h - what cron runs every few minutes: the readings and events
 * that arrived since the last scan, judged by the rules; the meters that
 * have gone silent; the ladders of alerts nobody has taken up.
 *
 * Readings are judged on every window that ends at a new reading or after
 * it (a late reading changes the windows after it too); a met rule raises
 * an alert unless the device and rule have one open (cleared or not), the
 * device was not in service then, or the rule is silent while its watched
 * person is away; a window that no longer meets the rule marks its open
 * alert cleared.  Events raise alerts by the event rules; a rule's clear
 * event marks its alert cleared.  A meter whose last reading (or, without
 * one, its installation) is WINDOW or more before now raises its silent
 * rule; any reading after that clears it.
 *
 * Everything happens in one transaction, with the new alerts written to
 * OUT only once it is committed.  Another scan running at the same time
 * is EX_TEMPFAIL (alert_scan_lock).
 */
#ifndef SHEQU_ALERT_SCAN_H
#define SHEQU_ALERT_SCAN_H

#include <sqlite3.h>
#include <stdio.h>

#include "alert/alert_conf.h"
#include "base/error.h"

struct alert_scan_opts {
	long long now; /* local seconds */
	int full;      /* read every reading and event again */
};

struct alert_scan_stats {
	long readings, events; /* read this time */
	long raised, cleared, escalated;
};

/* Take the scan lock of the database at DBPATH (the file DBPATH.scan-lock,
 * created 0600) into *FD, to hold until the process ends or it is closed.
 * EX_TEMPFAIL "another scan is running" when another holds it. */
int alert_scan_lock(const char *dbpath, int *fd, struct shequ_err *e);

int alert_scan(sqlite3 *db, const struct alert_conf *c, const struct alert_scan_opts *o, FILE *out,
	       struct alert_scan_stats *st, struct shequ_err *e);

#endif
