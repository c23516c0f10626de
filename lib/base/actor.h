/*
 * actor.h - who is acting, for the audit rows the tools write (who closed
 * a case, who exported unmasked data).  Every tool names a person the same
 * way, so one clerk is one name in every table.
 */
#ifndef SHEQU_ACTOR_H
#define SHEQU_ACTOR_H

/* The acting user: GIVEN when it is neither NULL nor empty (an option such
 * as --by), else the login name of the session (getlogin), else $USER, else
 * the name of the real user id, else "unknown".  The string is static or
 * GIVEN itself; the caller does not free it. */
const char *actor_name(const char *given);

#endif
