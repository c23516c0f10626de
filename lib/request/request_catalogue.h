/*
 * request_catalogue.h - what shequ-request knows as configuration: the 34
 * life-service scenarios and the request categories with their time limits
 * (request/catalogue.csv), the policy numbers (request/request.conf) and the
 * holiday calendar (request/holidays.csv, see workday.h), all in the data
 * folder.
 *
 * catalogue.csv: code,name,kind,clock,accept,on_site,resolve,call_back;
 * kind is scenario or category, clock is 24h or work_hours (limits in
 * minutes) or work_days (limits in working days); an empty limit means the
 * stage has none (on_site only where staff go to the door).
 *
 * request.conf: `key = value` lines, `#` comments: work_start and work_end
 * (HH:MM), min_orders.  Unknown keys and bad values are EX_CONFIG.
 *
 * Memory: request_catalogue_load() fills the caller's struct; free what it
 * holds with request_catalogue_free().
 */
#ifndef SHEQU_REQUEST_CATALOGUE_H
#define SHEQU_REQUEST_CATALOGUE_H

#include <stddef.h>

#include "base/error.h"
#include "domain/workday.h"
#include "request/request_log.h"

/* One scenario or request category. */
struct request_kind {
	char *code;   /* parcel_collect, complaint: what orders store */
	char *name;   /* 快递代收, 投诉 */
	int category; /* 1: a request category (诉求), 0: a service scenario */
	struct request_limits limits;
	char *match[2]; /* code and name as csv_header_norm() makes them */
};

/* Everything configured. */
struct request_catalogue {
	struct request_kind *kinds;
	size_t n;
	int min_orders;		  /* orders a group needs to be ranked */
	int work_start, work_end; /* working hours, seconds after midnight */
	struct workday_cal *cal;  /* the holiday calendar, with those hours */
};

/* Load the three files from the data folder into C. */
int request_catalogue_load(struct request_catalogue *c, struct shequ_err *e);

/* Free what C holds (a zeroed C is fine). */
void request_catalogue_free(struct request_catalogue *c);

/* The scenario or category S names, by code or Chinese name (spaces and
 * full-width forms do not matter), or NULL. */
const struct request_kind *request_kind_find(const struct request_catalogue *c, const char *s);

/* "24h", "work_hours" or "work_days". */
const char *request_clock_name(int clock);

#endif
