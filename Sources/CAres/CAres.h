// The system c-ares headers (Debian's libc-ares-dev; bookworm has 1.18.1, which has no event thread of its own:
// DNS.AresResolverThread runs it).
#ifndef MAILGATE_CARES_H
#define MAILGATE_CARES_H
#include <ares.h>
#include <arpa/nameser.h>
#endif
