// libxcrypt: crypt_r and crypt_gensalt_rn for the users file (yescrypt, bcrypt, sha512-crypt).
#ifndef MAILGATE_CCRYPT_H
#define MAILGATE_CCRYPT_H
#include <crypt.h>
#endif
