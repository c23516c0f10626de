/* actor.c - who is acting; see actor.h. */
#include <pwd.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/actor.h"

const char *actor_name(const char *given)
{
	const char *who;
	struct passwd *pw;

	if (given && *given)
		return given;
	who = getlogin();
	if (who && *who)
		return who;
	who = getenv("USER");
	if (who && *who)
		return who;
	pw = getpwuid(getuid());
	if (pw && pw->pw_name && *pw->pw_name)
		return pw->pw_name;
	return "unknown";
}
